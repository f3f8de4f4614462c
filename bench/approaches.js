// Phase 1: the same work three ways, N = 1 / 10 / 50 items (tasks 20–30 s):
//   ours   EvoLink node, Generate Video + Wait for Completion (Auto poll, batched status
//          reads) + Download
//   seq    the same node behind Loop Over Items (batch size 1): one item at a time,
//          which is what n8n's Sora/Veo nodes and the fal/WaveSpeed nodes do
//   http   bench/http-wait-if-loop.json: HTTP Request + Wait 10 s + IF loop
// Also counts every status request the simulator got per run (batch POSTs + single GETs).
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const L = require('./lib');
const { CFG, OLD, sec, median, verdict } = L;
const { barChart } = require('./chart');

/** One-at-a-time runs for these N only (50 × 25 s would take ~22 min); the largest N is extrapolated. */
const SEQ_MEASURED = CFG.ns.slice(0, 2);
const APPROACHES = {
	ours: 'EvoLink node (all items together, Auto poll)',
	seq: 'One item at a time (Loop Over Items, size 1)',
	http: `HTTP Request + Wait ${CFG.waitS} s + IF loop`,
};

function seqWorkflow(n) {
	return {
		id: L.wfId('Seq', n),
		name: `bench: one item at a time, ${n} item(s)`,
		active: false,
		nodes: [
			L.trigger,
			...L.promptNodes(L.prompts('seq', n)),
			{ id: 'bench-loop', name: 'Loop Over Items', type: 'n8n-nodes-base.splitInBatches', typeVersion: 3, position: [620, 0], parameters: { batchSize: 1, options: {} } },
			L.evoLinkNode('Generate Video', [840, 100]),
			{ id: 'bench-done', name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [840, -100], parameters: {} },
		],
		connections: {
			Start: L.link('Prompts'),
			Prompts: L.link('One Item per Prompt'),
			'One Item per Prompt': L.link('Loop Over Items'),
			// splitInBatches v3: output 0 = done, output 1 = loop
			'Loop Over Items': { main: [[{ node: 'Done', type: 'main', index: 0 }], [{ node: 'Generate Video', type: 'main', index: 0 }]] },
			'Generate Video': L.link('Loop Over Items'),
		},
		settings: { executionOrder: 'v1' },
	};
}

function httpWorkflow(n, simUrl) {
	const wf = JSON.parse(fs.readFileSync(path.join(__dirname, 'http-wait-if-loop.json'), 'utf8'));
	wf.id = L.wfId('Http', n);
	wf.name = `bench: HTTP + Wait + IF, ${n} item(s)`;
	wf.active = false;
	for (const node of wf.nodes) {
		if (node.name === 'Prompts') node.parameters = L.promptNodes(L.prompts('http', n))[0].parameters;
		if (node.name === 'Wait') node.parameters.amount = CFG.waitS;
		if (typeof node.parameters.url === 'string') node.parameters.url = node.parameters.url.replace('https://api.evolink.ai', simUrl);
		if (node.credentials?.httpBearerAuth) node.credentials.httpBearerAuth = { id: L.BEARER_CRED, name: 'EvoLink (Bearer)' };
	}
	return wf;
}

function workflows(simUrl) {
	return [
		...CFG.ns.map((n) => ({ approach: 'ours', n, wf: L.oursWorkflow(n), node: 'Generate Video' })),
		...SEQ_MEASURED.map((n) => ({ approach: 'seq', n, wf: seqWorkflow(n), node: 'Generate Video' })),
		...CFG.ns.map((n) => ({ approach: 'http', n, wf: httpWorkflow(n, simUrl), node: 'Download Video' })),
	];
}

/** Runs every workflow in its own `n8n execute` boot; `measured[approach:n]`. */
async function runApproaches({ inst, sim, list, boots }) {
	const measured = {};
	for (const w of list) {
		const expectS = (w.approach === 'seq' ? L.durations(w.n).reduce((a, b) => a + b, 0) + 5 * w.n : CFG.max + 15) + 60;
		L.log(`${w.approach} N=${w.n}: n8n execute (expect ~${Math.round(expectS)} s incl. boot)`);
		const before = L.counters(sim);
		const seq0 = sim.requests.length;
		const { r, exe } = await L.executeOnce(inst, w.wf.id, expectS * 2000);
		// every status request: arrival and how many tasks it read
		const reads = sim.requests.slice(seq0).filter((q) => q.path.startsWith('/v1/tasks')).map((q) => ({ t: q.time, ids: Array.isArray(q.body?.task_ids) ? q.body.task_ids.length : 1 }));
		boots.push({ what: `${w.approach} N=${w.n}`, ms: r.ms });
		const facts = L.taskFacts(sim, L.tag(w.approach, w.n));
		const requests = L.countersSince(sim, before);
		if (!exe) {
			measured[`${w.approach}:${w.n}`] = { failed: r.killed ? 'killed after the time limit' : `no finished execution (n8n exit ${r.code})`, facts, requests };
			continue;
		}
		const m = { wallMs: L.wallMs(exe), status: exe.status, videos: L.videosOut(exe, w.node), facts, requests, reads, nodeSpan: L.nodeSpan(exe, 'Generate Video') };
		measured[`${w.approach}:${w.n}`] = m;
		if (exe.status !== 'success') L.log(`WARNING ${w.approach} N=${w.n}: execution ${exe.status}: ${JSON.stringify(exe.error)?.slice(0, 300)}`);
		L.log(`${w.approach} N=${w.n}: wall ${sec(m.wallMs)} s, ${facts.length} tasks, ${m.videos}/${w.n} videos, ${requests.status} status requests (boot+run ${sec(r.ms)} s)`);
	}
	return measured;
}

const sum = (n) => L.durations(n).reduce((a, b) => a + b, 0) * 1000;
const slowest = (n) => Math.max(...L.durations(n)) * 1000;
const largest = CFG.ns[CFG.ns.length - 1];
const seqN = SEQ_MEASURED[SEQ_MEASURED.length - 1];
const seqOverheadMs = (measured) => (measured[`seq:${seqN}`]?.wallMs - sum(seqN)) / seqN;
const seqExtrapolated = (measured) => sum(largest) + largest * seqOverheadMs(measured);

function chart(file, measured) {
	const COLORS = { ours: [46, 125, 50], seq: [198, 40, 40], http: [21, 101, 192] };
	const SHORT = { ours: 'EvoLink node', seq: 'one item at a time', http: `HTTP + Wait ${CFG.waitS}s + IF` };
	barChart(file, {
		title: `EvoLink in n8n ${L.H.N8N_VERSION}: wall time, tasks ${CFG.min}-${CFG.max}s`,
		groups: CFG.ns.map((n) => ({
			label: `N = ${n}   (slowest task ${Math.max(...L.durations(n)).toFixed(1)}s)`,
			bars: Object.keys(APPROACHES).map((a) => {
				const m = measured[`${a}:${n}`];
				return { label: SHORT[a], value: (m ? (m.wallMs ?? 0) : seqExtrapolated(measured)) / 1000, note: m ? (m.failed ? 'FAILED' : '') : '~', color: COLORS[a] };
			}),
		})),
	});
}

/** Markdown of phase 1, and its rows of the targets table. */
function render(measured, boots) {
	const out = [];
	const at = (a, n) => measured[`${a}:${n}`];
	const budget = (n) => 1.15 * slowest(n) + 2000;
	const seqX = seqExtrapolated(measured);
	out.push('## 1. Wall time, status queries, notice delay (three approaches)', '');
	out.push(`| Approach | N | Wall (s) | old wall (${OLD.date}) | Slowest task (s) | Wall ÷ slowest | Status reads / task (median / max) | Noticed late (s, median / max) | Videos out |`);
	out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
	for (const a of Object.keys(APPROACHES)) {
		for (const n of CFG.ns) {
			const m = at(a, n);
			const o = OLD.wall[a]?.[n];
			const old = o === undefined ? '–' : o.toFixed(o >= 1000 ? 0 : 1);
			if (!m) {
				out.push(`| ${APPROACHES[a]} | ${n} | **~${sec(seqX, 0)} (extrapolated)** | ~${old} | ${sec(slowest(n))} | ${(seqX / slowest(n)).toFixed(1)} | as N=${seqN} | as N=${seqN} | – |`);
				continue;
			}
			if (m.failed) {
				out.push(`| ${APPROACHES[a]} | ${n} | FAILED: ${m.failed} | ${old} | ${sec(slowest(n))} | – | – | – | – |`);
				continue;
			}
			const q = m.facts.map((f) => f.queries);
			const late = m.facts.map((f) => f.noticeMs).filter((x) => x !== null);
			out.push(
				`| ${APPROACHES[a]} | ${n} | ${sec(m.wallMs)}${m.status !== 'success' ? ` (${m.status})` : ''} | ${old} | ${sec(slowest(n))} | ${(m.wallMs / slowest(n)).toFixed(2)} | ` +
					`${median(q)} / ${Math.max(...q)} | ${sec(median(late))} / ${sec(Math.max(...late))} | ${m.videos}/${n} |`,
			);
		}
	}
	out.push('');
	out.push(
		"Wall = first node start to last node end in n8n's execution data (CLI boot excluded). Reads and lateness come from the simulator: a task's reads are the status requests that included it " +
			'(a batch read counts once for each of its tasks); lateness = arrival of the first read that saw `completed` minus the moment the task completed. ' +
			`One-at-a-time N = ${largest} is extrapolated: Σ of its ${largest} task durations (${sec(sum(largest), 0)} s) + ${largest} × the per-item overhead measured at N = ${seqN} ` +
			`(${sec(seqOverheadMs(measured), 2)} s/item = (wall − Σ durations) ÷ ${seqN}).`,
		'',
	);

	out.push('### Status requests in all (our node; tasks at their estimate; the simulator counts HTTP requests)', '');
	out.push(`| N | now: requests in all | batch POST /v1/tasks/batch | single GET /v1/tasks/{id} | per task | old (${OLD.date}): single GETs in all | target |`);
	out.push('|---:|---:|---:|---:|---:|---:|---|');
	for (const n of CFG.ns) {
		const m = at('ours', n);
		if (!m?.requests) continue;
		const t = n === largest ? `≤ 12 ${verdict(m.requests.status <= 12)}` : '';
		out.push(`| ${n} | **${m.requests.status}** | ${m.requests.batch} | ${m.requests.single} | ${(m.requests.status / n).toFixed(2)} | ${OLD.statusPerTask * n} | ${t} |`);
	}
	out.push('');
	const big = at('ours', largest);
	if (big?.reads?.length && big.nodeSpan) {
		const z = big.nodeSpan.start;
		out.push(
			`Status requests of our node at N = ${largest}, s after the node's start (tasks read): ${big.reads.map((q) => `${sec(q.t - z)} (${q.ids})`).join(', ')}. ` +
				`Its ${largest} tasks end between ${sec(Math.min(...big.facts.map((f) => f.completedAt)) - z)} and ${sec(Math.max(...big.facts.map((f) => f.completedAt)) - z)} s.`,
			'',
		);
	}

	out.push("### Where the time goes (our node, times from the EvoLink node's start, s)", '');
	out.push('| N | first create | last create | last task completes | last completion noticed | node ends | node end − last completion |');
	out.push('|---:|---:|---:|---:|---:|---:|---:|');
	for (const n of CFG.ns) {
		const m = at('ours', n);
		if (!m?.nodeSpan || !m.facts.length) continue;
		const z = m.nodeSpan.start;
		const f = m.facts;
		const lastDone = Math.max(...f.map((x) => x.completedAt ?? -Infinity));
		out.push(
			`| ${n} | ${sec(Math.min(...f.map((x) => x.createdAt)) - z, 2)} | ${sec(Math.max(...f.map((x) => x.createdAt)) - z, 2)} | ${sec(lastDone - z)} | ` +
				`${sec(Math.max(...f.map((x) => x.noticedAt ?? -Infinity)) - z)} | ${sec(m.nodeSpan.end - z)} | ${sec(m.nodeSpan.end - lastDone)} |`,
		);
	}
	out.push('');

	// targets (one row each, our node's column first)
	const noticeBudget = (f) => Math.max(2000, 0.1 * f.elapsedMs);
	const ours1 = at('ours', 1)?.facts?.[0] ?? { elapsedMs: CFG.estimate * 1000 };
	const cell = (a, what) => {
		const f = at(a, 1)?.facts?.[0] ?? { queries: NaN, noticeMs: null, elapsedMs: NaN };
		if (what === 'wall') {
			const big = a === 'seq' ? seqX : (at(a, largest)?.wallMs ?? NaN);
			return `${a === 'seq' ? '~' : ''}${sec(big)} s${a === 'seq' ? ' (extrap.)' : ''} ${verdict(big <= budget(largest))}`;
		}
		if (what === 'queries') return `${f.queries} ${verdict(f.queries <= 6)}`;
		return `${sec(f.noticeMs)} s ${verdict(f.noticeMs !== null && f.noticeMs <= noticeBudget(f))}`;
	};
	const row = (label, what) => `| ${label} | ${Object.keys(APPROACHES).map((a) => cell(a, what)).join(' | ')} |`;
	const targets = [
		`| Target | ${Object.values(APPROACHES).join(' | ')} |`,
		'|---|---|---|---|',
		row(`N = ${largest} wall ≤ 1.15 × slowest task + 2 s = ${sec(budget(largest))} s`, 'wall'),
		row(`Task finishing at its estimate (N = 1, ${CFG.estimate} s): ≤ 6 status reads`, 'queries'),
		row(`… and noticed within max(2 s, 10 % of ${sec(ours1.elapsedMs)} s) = ${sec(noticeBudget(ours1))} s`, 'notice'),
	];

	const how = [
		`- **${APPROACHES.ours}**: Start → Prompts (Set, raw JSON) → Split Out (N items) → EvoLink Generate Video (Wait for Completion on, Download Video on, Poll Interval 0 = Auto). ` +
			'The node creates up to 5 tasks at a time (each with its Idempotency-Key), then waits on all of them in one loop (wait/waitForTasks.ts, Auto schedule of wait/schedule.ts), reading the status of every task that is due, and of those due within 20 % of their gap, in one `POST /v1/tasks/batch` (≤ 50 ids; wait/status.ts), and downloads 3 at a time.',
		`- **${APPROACHES.seq}**: Start → Prompts → Split Out → Loop Over Items (Split In Batches v3, batch size 1) → the same EvoLink node → back to the loop. ` +
			'Each item is created, polled to completion and downloaded before the next one starts — the control flow of n8n 2.41\'s OpenAI "Generate Video" (Sora: `for` over items, each `pollUntilAvailable` every 10 s) ' +
			'and Google Gemini "Generate Video" (Veo: `for` over items, `while (!done)` every 5 s), and of the fal/WaveSpeed community nodes. ' +
			'Using our node inside keeps the HTTP client, download path and Auto poll identical, so the difference measured is the one-at-a-time structure alone. ' +
			`N = ${SEQ_MEASURED.join(' and ')} are measured; N = ${largest} would take ~${(seqX / 60000).toFixed(0)} min and is extrapolated.`,
		`- **${APPROACHES.http}**: bench/http-wait-if-loop.json with the base URL pointed at the simulator and the same prompts: Create Task (HTTP Request POST, all items) → Wait ${CFG.waitS} s → ` +
			'Get Task (HTTP Request GET) → IF status = completed → true: Download Video (HTTP Request, response = file); false: back to Wait. ' +
			'A Wait under 65 s sleeps inside the running execution (n8n-nodes-base Wait.node.js). The HTTP Request node sends one request per item concurrently, so this loop also waits on all items together, in lockstep.',
	];
	return { lines: out, targets, how };
}

module.exports = { workflows, runApproaches, render, chart, APPROACHES };
