// Shared by the bench phases (run.js, approaches.js, faults.js, callback.js, memory.js):
// configuration, the seeded task durations, workflow builders, the watchdog around
// `n8n execute`, simulator read-outs and number formatting.
'use strict';

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

require('./ts-require');
const H = require('../test/e2e/harness');
const { findChild } = require('./rss');
const { until } = require('../test/support/host');

const REPO = path.resolve(__dirname, '..');
const QUICK = process.env.BENCH_QUICK === '1';
const CFG = QUICK
	? { min: 4, max: 6, estimate: 5, ns: [1, 3, 6], waitS: 2, memBytes: 64 * 2 ** 20, memTaskS: 2, memRuns: 3, faultN: 4, cbN: 4 }
	: { min: 20, max: 30, estimate: 25, ns: [1, 10, 50], waitS: 10, memBytes: 2 ** 30, memTaskS: 5, memRuns: 3, faultN: 10, cbN: 10 };
if (process.env.BENCH_MEM_MB) CFG.memBytes = Number(process.env.BENCH_MEM_MB) * 2 ** 20;
if (process.env.BENCH_MEM_RUNS) CFG.memRuns = Number(process.env.BENCH_MEM_RUNS);
const KEY = 'sk-evo-sim-0000000000000000'; // the simulator's default key
const EVO_CRED = 'benchEvoLinkCred1';
const BEARER_CRED = 'benchBearerCred01';

/**
 * The previous figures (bench/results.md of 2026-11-22 and README's Benchmark section),
 * measured before the node read status in batches; printed next to today's.
 */
const OLD = {
	date: '2026-11-22',
	statusPerTask: 4, // single GETs per task, every N (so 4 / 40 / 200 in all)
	wall: { ours: { 1: 26.5, 10: 31.0, 50: 31.5 }, seq: { 1: 26.3, 10: 263.8, 50: 1313 }, http: { 1: 30.2, 10: 30.5, 50: 31.8 } },
	memDeltaMb: [46.3, 86, 124], // the bench's figure, then two re-runs (100 ms sampling)
};

const t0 = Date.now();
const log = (msg) => console.log(`[bench +${String(Math.round((Date.now() - t0) / 1000)).padStart(4)}s] ${msg}`);

// ---------------------------------------------------------------- inputs

/** Deterministic PRNG (mulberry32): every approach gets the same task durations for a given N. */
function prng(seed) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** N = 1 finishes exactly at its estimate; larger N spread uniformly over [min, max]. */
function durations(n) {
	if (n === 1) return [CFG.estimate];
	const r = prng(1000 + n);
	return Array.from({ length: n }, () => Math.round((CFG.min + (CFG.max - CFG.min) * r()) * 10) / 10);
}

const tag = (approach, n) => `bench ${approach} n${n} `;
const prompts = (approach, n, extra = '', secs = durations(n)) =>
	secs.map((d, i) => `${tag(approach, n)}#${i + 1}: a paper boat on a rainy street at dusk [sim:seconds=${d}]${extra}`);
/** Prompts as items without a Code node (no task-runner start-up inside the measured time). */
const promptNodes = (list, suffix = '', x = 200) => [
	{
		id: `bench-prompts${suffix}`,
		name: `Prompts${suffix}`,
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position: [x, 0],
		parameters: { mode: 'raw', jsonOutput: JSON.stringify({ prompt: list }), options: {} },
	},
	{
		id: `bench-split${suffix}`,
		name: `One Item per Prompt${suffix}`,
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		position: [x + 200, 0],
		parameters: { fieldToSplitOut: 'prompt', options: {} },
	},
];
const wfId = (kind, n) => `bench${kind}${String(n).padStart(16 - 5 - kind.length, '0')}`;

function evoLinkNode(name, position, params = {}) {
	return {
		id: `bench-${name.toLowerCase().replace(/\W+/g, '-')}`,
		name,
		type: 'n8n-nodes-evolink.evoLink',
		typeVersion: 1,
		position,
		parameters: {
			resource: 'video',
			operation: 'generate',
			model: 'wan2.5-text-to-video',
			prompt: '={{ $json.prompt }}',
			quality: '480p',
			aspectRatio: '16:9',
			duration: 5,
			promptExtend: false,
			waitForCompletion: true,
			downloadVideo: true,
			binaryPropertyName: 'data',
			waitOptions: { timeoutMinutes: 15 }, // Poll Interval left at 0 = Auto
			...params,
		},
		credentials: { evoLinkApi: { id: EVO_CRED, name: 'EvoLink (simulator)' } },
	};
}

const trigger = { id: 'bench-start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
const link = (node) => ({ main: [[{ node, type: 'main', index: 0 }]] });

/** Start → Prompts → Split Out → EvoLink Generate Video (Auto poll, download). */
function oursWorkflow(n, list = prompts('ours', n), kind = 'Ours') {
	return {
		id: wfId(kind, n),
		name: `bench: EvoLink node, ${kind} ${n} item(s)`,
		active: false,
		nodes: [trigger, ...promptNodes(list), evoLinkNode('Generate Video', [620, 0])],
		connections: { Start: link('Prompts'), Prompts: link('One Item per Prompt'), 'One Item per Prompt': link('Generate Video') },
		settings: { executionOrder: 'v1' },
	};
}

// ---------------------------------------------------------------- running

function ensureBuilt() {
	const dist = path.join(REPO, 'dist/nodes/EvoLink/EvoLink.node.js');
	const newest = (dir) =>
		fs.readdirSync(dir, { withFileTypes: true, recursive: true }).reduce((m, e) => {
			if (!e.isFile()) return m;
			return Math.max(m, fs.statSync(path.join(e.parentPath ?? e.path, e.name)).mtimeMs);
		}, 0);
	const stale = !fs.existsSync(dist) || Math.max(newest(path.join(REPO, 'nodes')), newest(path.join(REPO, 'credentials'))) > fs.statSync(dist).mtimeMs;
	if (stale) {
		log('dist/ is missing or older than the sources: npm run build');
		execFileSync('npm', ['run', 'build'], { cwd: REPO, stdio: ['ignore', 'inherit', 'inherit'] });
	}
}

/**
 * inst.cli with a watchdog: execFile's timeout sends SIGTERM, which n8n answers with a
 * graceful shutdown that can wait on a stuck execution; 15 s later our own n8n child
 * (found by its user folder) gets SIGKILL.
 */
async function runCli(inst, args, timeoutMs) {
	let killed = false;
	const dog = setTimeout(() => {
		const pid = findChild(process.pid, `N8N_USER_FOLDER=${inst.userFolder}`);
		if (pid) {
			killed = true;
			process.kill(pid, 'SIGKILL');
		}
	}, Math.round(timeoutMs) + 15_000);
	try {
		const r = await inst.cli(args, Math.round(timeoutMs));
		return { ...r, killed: killed || r.code === null };
	} catch (e) {
		return { code: null, stdout: String(e.stdout ?? ''), stderr: String(e.stderr ?? e.message), ms: NaN, killed: true };
	} finally {
		clearTimeout(dog);
	}
}

/** `n8n execute` of one imported workflow; its last execution from the DB (undefined if none finished). */
async function executeOnce(inst, wfIdent, timeoutMs) {
	const r = await runCli(inst, ['execute', `--id=${wfIdent}`, '--rawOutput'], timeoutMs);
	const exe = inst.readExecutions().filter((e) => e.workflowId === wfIdent).pop();
	const finished = exe && !['running', 'new', 'waiting'].includes(exe.status);
	if (!finished) log(`WARNING ${wfIdent}: ${r.killed ? 'killed after the time limit' : `no finished execution (n8n exit ${r.code})`}\n${String(r.stdout + r.stderr).slice(-1500)}`);
	return { r, exe: finished ? exe : undefined };
}

/** Wall time of an execution: first node start to last node end (n8n's own timestamps, no CLI boot). */
function wallMs(exe) {
	let start = Infinity;
	let end = -Infinity;
	for (const runs of Object.values(exe.runData)) {
		for (const r of runs) {
			start = Math.min(start, r.startTime);
			end = Math.max(end, r.startTime + (r.executionTime ?? 0));
		}
	}
	return end - start;
}

/** Start and end of a node over all its runs (ms epoch). */
function nodeSpan(exe, node) {
	const runs = exe?.runData[node] ?? [];
	return runs.length ? { start: runs[0].startTime, end: Math.max(...runs.map((x) => x.startTime + (x.executionTime ?? 0))) } : undefined;
}

/** Items a node output over all its runs (last run's items count once per run). */
function outItems(exe, node) {
	return (exe?.runData[node] ?? []).flatMap((r) => r.data?.main?.[0] ?? []);
}
/** Items that carry the binary `data` (a downloaded video). */
const videosOut = (exe, node) => outItems(exe, node).filter((i) => i.binary?.data).length;

// ---------------------------------------------------------------- simulator read-outs

/** Simulator-side facts for the tasks whose prompt starts with `prefix`. */
function taskFacts(sim, prefix) {
	const stats = sim.stats().tasks;
	return sim
		.tasks()
		.filter((t) => String(t.internal.request?.prompt ?? '').startsWith(prefix))
		.map((t) => {
			const s = stats[t.id];
			return {
				id: t.id,
				durationMs: t.internal.durationMs,
				status: s.status,
				queries: s.queries + (s.batchQueries ?? 0), // reads that included the task (single GETs + batch)
				noticeMs: s.noticeDelayMs,
				elapsedMs: s.completedAt !== null ? s.completedAt - s.createdAt : null,
				downloads: s.downloads,
				createdAt: s.createdAt,
				completedAt: s.completedAt,
				noticedAt: s.firstTerminalQueryAt,
			};
		});
}

/** The status-request counters now: single GETs, batch POSTs, ids read through batches, creates. */
function counters(sim) {
	const c = sim.stats().counters;
	return { single: c.statusRequests.single, batch: c.statusRequests.batch, batchIds: c.statusRequests.batchIdsTotal, creates: c.creates, createRequests: c.createRequests };
}
const countersSince = (sim, before) => {
	const now = counters(sim);
	const d = Object.fromEntries(Object.keys(now).map((k) => [k, now[k] - before[k]]));
	return { ...d, status: d.single + d.batch };
};

/**
 * Fault rules that hit exactly the k-th matching requests (k in `picks`, 1-based, each with
 * its own rule) with the simulator's existing `skip`/`times`: rules are tried in order and a
 * rule with skip left lets a request through to the next one, so rule j (j-th smallest k)
 * sees the k_j − j requests before its own that the earlier rules did not take.
 */
function nthRequestFaults(match, picks) {
	return [...picks].sort((a, b) => a.k - b.k).map((p, j) => ({ match, times: 1, skip: p.k - (j + 1), ...p.rule }));
}

// ---------------------------------------------------------------- numbers

const median = (xs) => {
	if (!xs.length) return NaN;
	const s = [...xs].sort((a, b) => a - b);
	const m = Math.floor(s.length / 2);
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
/** Nearest-rank percentile (p99 of 10 values is the largest). */
const percentile = (xs, p) => {
	if (!xs.length) return NaN;
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
const sec = (ms, digits = 1) => (Number.isFinite(ms) ? (ms / 1000).toFixed(digits) : '–');
const mb = (kb) => (kb * 1024) / 1e6;
const verdict = (ok) => (ok ? 'PASS' : 'MISS');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));


module.exports = {
	H,
	REPO,
	QUICK,
	CFG,
	KEY,
	EVO_CRED,
	BEARER_CRED,
	OLD,
	SYS_TMP: os.tmpdir(),
	log,
	durations,
	tag,
	prompts,
	promptNodes,
	wfId,
	evoLinkNode,
	trigger,
	link,
	oursWorkflow,
	ensureBuilt,
	runCli,
	executeOnce,
	wallMs,
	nodeSpan,
	outItems,
	videosOut,
	taskFacts,
	counters,
	countersSince,
	nthRequestFaults,
	median,
	percentile,
	sec,
	mb,
	verdict,
	sleep,
	until,
};
