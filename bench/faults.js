// Phase 2: faults, injected through the simulator's own fault rules (test/simulator/faults.js).
//   paid   creates whose answer is lost: `drop-response` (the task IS created, the
//          connection closed instead of the answer) and `delay-response` past the node's
//          30 s create timeout. With the Idempotency-Key ledger every retry must replay the
//          original task (exactly 1 paid task per item); with `idempotency: false` the
//          retries pay again and the node must say so on the item (`warning`).
//   reads  status reads fail in a fixed pattern: every 3rd a 429 (Retry-After 1 s), else
//          every 4th a 500, else every 5th a dropped connection; 10 items, the same task
//          durations as the clean N = 10 run of phase 1.
'use strict';

const L = require('./lib');
const { CFG, sec, median, verdict } = L;

const CREATE = 'POST /v1/videos/generations';
const CREATE_DELAY_MS = 32_000; // the node waits 30 s for a create (transport/tasks.ts CREATE_TIMEOUT_MS)
const PAID_TASK_S = 3;
/** k-th create request (1-based, retries included) → fault. */
const CREATE_FAULTS = [
	{ k: 2, rule: { action: 'drop-response' } },
	{ k: 4, rule: { action: 'delay-response', delayMs: CREATE_DELAY_MS } },
	{ k: 7, rule: { action: 'drop-response' } },
];
const READ_FAULT_OF = (k) =>
	k % 3 === 0 ? { status: 429, retryAfter: 1 } : k % 4 === 0 ? { status: 500 } : k % 5 === 0 ? { action: 'drop' } : undefined;
const READ_FAULT_NAME = (r) => (r.status ? String(r.status) : r.action);

function workflows() {
	const paidSecs = Array(CFG.faultN).fill(PAID_TASK_S);
	return {
		paidOn: L.oursWorkflow(CFG.faultN, L.prompts('paid-ledger', CFG.faultN, '', paidSecs), 'PaidOn'),
		paidOff: L.oursWorkflow(CFG.faultN, L.prompts('paid-noledger', CFG.faultN, '', paidSecs), 'PaidOff'),
		reads: L.oursWorkflow(10, L.prompts('faulty', 10), 'Faulty'),
		clean: L.oursWorkflow(10, L.prompts('clean', 10), 'Clean'),
	};
}

async function paidRun(inst, sim, wf, prefix, idempotency, boots) {
	sim.configure({ idempotency });
	sim.clearFaults();
	const picks = CREATE_FAULTS.filter((p) => p.k <= CFG.faultN);
	const rules = L.nthRequestFaults(CREATE, picks).map((r) => sim.inject(r));
	const ledger0 = sim.stats().counters.idempotency;
	const before = L.counters(sim);
	L.log(`paid tasks, ledger ${idempotency ? 'on' : 'OFF'}: ${CFG.faultN} items, faults on create requests #${picks.map((p) => `${p.k} ${p.rule.action}`).join(', #')}`);
	const { r, exe } = await L.executeOnce(inst, wf.id, 5 * 60_000);
	boots.push({ what: `paid ledger ${idempotency ? 'on' : 'off'}`, ms: r.ms });
	const d = L.countersSince(sim, before);
	const ledger = sim.stats().counters.idempotency;
	const items = L.outItems(exe, 'Generate Video');
	const facts = L.taskFacts(sim, prefix);
	const m = {
		idempotency,
		status: exe?.status ?? 'no execution',
		wallMs: exe ? L.wallMs(exe) : NaN,
		items: CFG.faultN,
		createRequests: d.createRequests,
		paid: d.creates,
		tasks: facts.length,
		replays: ledger.replays - ledger0.replays,
		inFlight: ledger.inFlight - ledger0.inFlight,
		faultsHit: rules.reduce((a, x) => a + x.hits, 0),
		replayedItems: items.filter((i) => i.json.replayed === true).length,
		warned: items.filter((i) => typeof i.json.warning === 'string').length,
		errors: items.filter((i) => i.json.error).length,
		videos: L.videosOut(exe, 'Generate Video'),
		orphans: facts.filter((f) => !items.some((i) => i.json.id === f.id)).length,
		warning: items.find((i) => typeof i.json.warning === 'string')?.json.warning,
	};
	sim.clearFaults();
	sim.configure({ idempotency: true });
	L.log(`  paid ${m.paid} tasks for ${m.items} items (${m.createRequests} create requests, ${m.replays} replays), ${m.warned} warned, ${m.videos} videos`);
	return m;
}

async function readsRun(inst, sim, wf, prefix, faulty, boots) {
	sim.clearFaults();
	const rules = faulty
		? L.nthRequestFaults(
				'/v1/tasks',
				Array.from({ length: 400 }, (_, i) => ({ k: i + 1, rule: READ_FAULT_OF(i + 1) })).filter((p) => p.rule),
			).map((r) => sim.inject(r))
		: [];
	L.log(`status reads ${faulty ? 'with faults (429 every 3rd, 500 every 4th, drop every 5th)' : 'clean'}: 10 items`);
	const before = L.counters(sim);
	const { r, exe } = await L.executeOnce(inst, wf.id, 4 * 60_000);
	boots.push({ what: `reads ${faulty ? 'faulty' : 'clean'}`, ms: r.ms });
	const hits = {};
	for (const x of rules) if (x.hits) hits[READ_FAULT_NAME(x)] = (hits[READ_FAULT_NAME(x)] ?? 0) + x.hits;
	sim.clearFaults();
	const facts = L.taskFacts(sim, prefix);
	const requests = L.countersSince(sim, before);
	// faults act before the handler: the counters hold the answered reads only
	requests.faulted = Object.values(hits).reduce((a, b) => a + b, 0);
	const m = { status: exe?.status ?? 'no execution', wallMs: exe ? L.wallMs(exe) : NaN, requests, facts, hits, videos: L.videosOut(exe, 'Generate Video') };
	L.log(`  wall ${sec(m.wallMs)} s, ${requests.status} status requests answered + ${requests.faulted} faulted, ${m.videos}/10 videos`);
	return m;
}

/** `clean10` = phase 1's ours N = 10 run (same durations), else a clean run is made here. */
async function runFaults({ inst, sim, wfs, boots, clean10 }) {
	const paid = [await paidRun(inst, sim, wfs.paidOn, L.tag('paid-ledger', CFG.faultN), true, boots), await paidRun(inst, sim, wfs.paidOff, L.tag('paid-noledger', CFG.faultN), false, boots)];
	const clean = clean10 && !clean10.failed ? { ...clean10, fromPhase1: true } : await readsRun(inst, sim, wfs.clean, L.tag('clean', 10), false, boots);
	const faulty = await readsRun(inst, sim, wfs.reads, L.tag('faulty', 10), true, boots);
	return { paid, reads: { clean, faulty } };
}

function render(f) {
	const out = [];
	out.push('## 2. Paid tasks per item when create answers are lost', '');
	out.push(
		`${CFG.faultN} items (tasks of ${PAID_TASK_S} s), faults on the create requests (counted in arrival order, retries included): ` +
			`${CREATE_FAULTS.filter((p) => p.k <= CFG.faultN).map((p) => `#${p.k} \`${p.rule.action}\`${p.rule.delayMs ? ` ${p.rule.delayMs / 1000} s (past the 30 s client timeout)` : ''}`).join(', ')}. ` +
			'`drop-response` creates the task, then closes the connection instead of answering; `delay-response` creates it and holds the answer back.',
		'',
	);
	out.push('| Simulator ledger | create requests | paid tasks | **paid tasks / item** | ledger replays | 409 in flight | items marked `replayed` | items with `warning` | videos out | paid tasks no item names | wall (s) | old |');
	out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
	for (const m of f.paid) {
		const per = m.paid / m.items;
		const target = m.idempotency ? ` ${verdict(m.paid === m.items && m.tasks === m.items)}` : '';
		out.push(
			`| ${m.idempotency ? 'Idempotency-Key on (EvoLink platform)' : '**off** (`idempotency: false`)'} | ${m.createRequests} | ${m.paid} | **${per.toFixed(2)}**${target} | ${m.replays} | ${m.inFlight} | ` +
				`${m.replayedItems} | ${m.warned} | ${m.videos}/${m.items} | ${m.orphans} | ${sec(m.wallMs)} | not measured |`,
		);
	}
	const off = f.paid.find((m) => !m.idempotency);
	if (off?.warning) out.push('', `Without a ledger each lost answer costs a second paid task; the node cannot undo that, but it says so on the item: *"${off.warning}"*`);
	out.push('');

	const paidLines = out.splice(0);
	const { clean, faulty } = f.reads;
	const late = (m) => m.facts.map((x) => x.noticeMs).filter((x) => x !== null);
	const ratio = faulty.wallMs / clean.wallMs;
	out.push('## 4. Status-read faults piling up (10 items, tasks 20–30 s)', '');
	out.push(
		'Every status request (batch or single) is counted in arrival order: the 3rd, 6th, 9th … get a 429 with `Retry-After: 1`; of the rest every 4th a 500, then every 5th a dropped connection (closed without an answer).',
		'',
	);
	out.push('| Run | wall (s) | status requests answered + faulted | faults hit | completion noticed late (s, median / max) | videos out | target |');
	out.push('|---|---:|---:|---|---:|---:|---|');
	out.push(`| clean${clean.fromPhase1 ? ' (phase 1, N = 10)' : ''} | ${sec(clean.wallMs)} | ${clean.requests.status} + 0 | – | ${sec(median(late(clean)))} / ${sec(Math.max(...late(clean)))} | ${clean.videos}/10 | |`);
	out.push(
		`| faulty | ${sec(faulty.wallMs)} | ${faulty.requests.status} + ${faulty.requests.faulted} | ${Object.entries(faulty.hits).map(([k, v]) => `${v} × ${k}`).join(', ') || '–'} | ` +
			`${sec(median(late(faulty)))} / ${sec(Math.max(...late(faulty)))} | ${faulty.videos}/10 | ${ratio.toFixed(2)} × clean, ≤ 1.5 ${verdict(ratio <= 1.5)} |`,
	);
	out.push('', 'Old: not measured (no status-read fault run existed before).', '');
	const targets = [
		`| Lost create answers (drop / delay past the client timeout): exactly 1 paid task per item | ${f.paid[0].paid} paid for ${f.paid[0].items} items ${verdict(f.paid[0].paid === f.paid[0].items)} (ledger off: ${off?.paid} paid, ${off?.warned} items warned) | not measured |`,
		`| Status-read faults (429/3rd, 500/4th, drop/5th), 10 items: wall ≤ 1.5 × clean | ${sec(faulty.wallMs)} s vs ${sec(clean.wallMs)} s = ${ratio.toFixed(2)} × ${verdict(ratio <= 1.5)} | not measured |`,
	];
	return { paidLines, readLines: out, targets };
}

module.exports = { workflows, runFaults, render };
