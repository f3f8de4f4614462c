#!/usr/bin/env node
// `npm run bench`: figures, not a test. A REAL n8n (the cached 2.41.1 the e2e suite uses,
// package installed like the community installer does) runs against the EvoLink simulator
// with time scaled down (tasks of 20–30 s, estimated_time 25 s):
//   1 approaches.js  our node vs one-item-at-a-time vs HTTP + Wait + IF, N = 1/10/50,
//                    and every status request the simulator got
//   2+4 faults.js    lost create answers (paid tasks per item, ledger on/off), status-read
//                    faults piling up
//   5 memory.js      RSS of a 1 GiB download, 3 runs, next to a plain Node pipe
//   3 callback.js    On Callback vs Poll in `n8n start`: requests, callback answers, CPU
// Prints the tables and writes bench/results.md (+ results.png).
// BENCH_QUICK=1: a smoke version (tiny tasks, N = 1, 3, 6, 64 MB) → bench/results.quick.md.
// BENCH_ONLY=approaches,faults,memory,callback: some phases only (report printed and
// written to $TMPDIR/evolink-bench-partial.md). BENCH_MEM_MB=<n>, BENCH_MEM_RUNS=<n>.
// BENCH_N8N_NODE_OPTIONS: extra Node flags for n8n (diagnostics, e.g. "--require <abs>/bench/gc-trace.js";
// the memory runs' n8n output is then kept in $TMPDIR/evolink-bench-mem-<i>.log).
// About 14 minutes in all on 2 cores; builds dist/ first if it is stale.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const L = require('./lib');
const { CFG, QUICK, H } = L;
const { startSimulator } = require('../test/simulator');
const approaches = require('./approaches');
const faults = require('./faults');
const memory = require('./memory');
const callback = require('./callback');

const PHASES = ['approaches', 'faults', 'memory', 'callback'];
const ONLY = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',').map((s) => s.trim()) : undefined;
const want = (p) => !ONLY || ONLY.includes(p);
const load0 = os.loadavg();

async function main() {
	L.log(`${QUICK ? 'QUICK smoke run' : 'full run'}: tasks ${CFG.min}–${CFG.max} s, estimated_time ${CFG.estimate} s, N = ${CFG.ns.join(', ')}; phases ${PHASES.filter(want).join(', ')}`);
	L.ensureBuilt();
	const rt = H.n8nRuntime();
	L.log(`n8n ${H.N8N_VERSION} from ${rt.cache}`);

	const hooks = {}; // hooks.onFileGet: set by the memory phase
	const sim = await startSimulator({
		estimatedSeconds: CFG.estimate,
		allowInsecureCallbacks: true, // phase 3: n8n on loopback http
		log: (line) => {
			if (hooks.onFileGet && /^GET \/files\/\S+ -> 200/.test(line)) hooks.onFileGet();
		},
	});
	// n8n's folder (1 GB binaries included) under a private temp dir: cleanups of /tmp/evolink-e2e-* by others can't hit it.
	const tmp = fs.mkdtempSync(path.join(L.SYS_TMP, 'evolink-bench-'));
	process.env.TMPDIR = tmp;
	const env = { N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem', N8N_LOG_LEVEL: 'warn' };
	if (process.env.BENCH_N8N_NODE_OPTIONS) {
		env.NODE_OPTIONS = `--require ${path.join(L.REPO, 'test/e2e/trace-requires.js')} ${process.env.BENCH_N8N_NODE_OPTIONS}`;
		env.EVOLINK_GC_DIR = L.SYS_TMP; // bench/gc-trace.js
	}
	const inst = await H.N8nInstance.create({ env });
	L.log(`n8n instance in ${inst.root} (package packed + installed)`);
	const ticker = setInterval(() => {
		const all = sim.tasks();
		const done = all.filter((t) => ['completed', 'failed', 'cancelled'].includes(t.status)).length;
		const c = L.counters(sim);
		L.log(`  … simulator: ${all.length} tasks created, ${done} finished, ${c.single + c.batch} status requests`);
	}, 30_000);

	const boots = [];
	const res = {};
	try {
		await inst.importCredentials([
			H.evoLinkCredential(L.EVO_CRED, L.KEY, sim.url, 'EvoLink (simulator)'),
			{ id: L.BEARER_CRED, name: 'EvoLink (Bearer)', type: 'httpBearerAuth', data: { token: L.KEY } },
		]);
		const list = approaches.workflows(sim.url);
		const fw = faults.workflows();
		const memWf = memory.memWorkflow();
		await inst.importWorkflows([...list.map((w) => w.wf), ...Object.values(fw), memWf, callback.workflow()]);

		// One `n8n execute` boot per workflow (boot time is not part of any figure): a run that
		// hangs or fails costs only its own row.
		if (want('approaches')) res.approaches = await approaches.runApproaches({ inst, sim, list, boots });
		if (want('faults')) res.faults = await faults.runFaults({ inst, sim, wfs: fw, boots, clean10: res.approaches?.['ours:10'] });
		if (want('memory')) res.memory = await memory.runMemory({ inst, sim, hooks, wf: memWf });
		if (want('callback')) res.callback = await callback.runCallback({ inst, sim, boots });

		const report = render(res, boots);
		console.log(`\n${report}`);
		if (ONLY) {
			const file = path.join(L.SYS_TMP, 'evolink-bench-partial.md');
			fs.writeFileSync(file, report);
			fs.writeFileSync(path.join(L.SYS_TMP, 'evolink-bench-partial.json'), JSON.stringify(res, (k, v) => (k === 'facts' ? undefined : v), 1));
			L.log(`written to ${file}`);
			return;
		}
		const base = QUICK ? 'results.quick' : 'results';
		fs.writeFileSync(path.join(__dirname, `${base}.md`), report);
		try {
			approaches.chart(path.join(__dirname, `${base}.png`), res.approaches);
		} catch (e) {
			L.log(`chart skipped: ${e.message}`);
		}
		L.log(`written to bench/${base}.md and bench/${base}.png`);
	} finally {
		clearInterval(ticker);
		await sim.close();
		inst.cleanup();
		fs.rmSync(tmp, { recursive: true, force: true });
	}
}

function render(res, boots) {
	const parts = {
		approaches: res.approaches && approaches.render(res.approaches, boots),
		faults: res.faults && faults.render(res.faults),
		callback: res.callback && callback.render(res.callback),
		memory: res.memory && memory.render(res.memory),
	};
	const out = [`# EvoLink benchmark${QUICK ? ' (QUICK smoke run: not the real figures)' : ''}`, ''];
	out.push(
		`Real n8n ${H.N8N_VERSION} (CLI, package installed like the community installer), EvoLink simulator in-process, ` +
			`${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${os.cpus().length} cores. ` +
			`Tasks last ${CFG.min}–${CFG.max} s (same seeded durations for every approach at a given N; the N = 1 task lasts exactly its estimate), ` +
			`\`task_info.estimated_time\` = ${CFG.estimate} s. Every workflow downloads the videos. Regenerate with \`npm run bench\`. ` +
			`Load average at start / end: ${load0.map((x) => x.toFixed(1)).join(' ')} / ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}. ` +
			`"Old" figures are those of bench/results.md of ${L.OLD.date} (before batched status reads).`,
		'',
	);
	if (parts.approaches) out.push(`![Wall time per approach and N, log scale](${QUICK ? 'results.quick.png' : 'results.png'})`, '');
	out.push('## Targets', '');
	if (parts.approaches) out.push(...parts.approaches.targets, '');
	const own = [parts.approaches && statusTarget(res.approaches), ...['faults', 'callback', 'memory'].flatMap((k) => parts[k]?.targets ?? [])].filter(Boolean);
	if (own.length) out.push(`| Target (EvoLink node) | Result | Old (${L.OLD.date}) |`, '|---|---|---|', ...own, '');
	if (parts.approaches) out.push(...parts.approaches.lines);
	if (parts.faults) out.push(...parts.faults.paidLines);
	if (parts.callback) out.push(...parts.callback.lines);
	if (parts.faults) out.push(...parts.faults.readLines);
	if (parts.memory) out.push(...parts.memory.lines);
	out.push('## Reading the figures', '');
	out.push(...readingNotes());
	if (parts.approaches) out.push('', '## How each approach runs', '', ...parts.approaches.how);
	out.push(
		'',
		`- Each workflow runs in its own \`n8n execute\` boot (boot + run: ${boots.map((b) => `${b.what} ${L.sec(b.ms, 0)} s`).join('; ')}); ` +
			'wall times exclude the boot. All runs share one n8n user folder (SQLite, `N8N_DEFAULT_BINARY_DATA_MODE=filesystem`) and never overlap; phase 3 runs in one `n8n start` of the same folder.',
		'',
	);
	return out.join('\n');
}

function statusTarget(measured) {
	const n = CFG.ns[CFG.ns.length - 1];
	const m = measured[`ours:${n}`];
	if (!m?.requests) return undefined;
	return `| N = ${n} items at their estimate: ≤ 12 status requests in all | ${m.requests.status} (${m.requests.batch} batch + ${m.requests.single} single) ${L.verdict(m.requests.status <= 12)} | ${L.OLD.statusPerTask * n} single GETs |`;
}

function readingNotes() {
	const p = path.join(__dirname, 'notes.md');
	return fs.existsSync(p) ? fs.readFileSync(p, 'utf8').trim().split('\n') : [];
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
