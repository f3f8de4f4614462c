// Phase 3: Wait Mode "On Callback" versus "Poll" in a long-running `n8n start` (webhooks,
// waiting webhooks, wait tracker), WEBHOOK_URL pointing at itself; the simulator calls n8n
// back over loopback http (allowInsecureCallbacks; the credential's allowLocalCallbacks is set
// by local-n8n.js evoLinkCredential for a loopback Base URL). One workflow with two Webhook
// starts; the prompts come in the webhook body. All tasks of a run are made to end at the
// same instant (the simulator's updateTask), at their estimate. Measured per run: status
// requests, callback answer times, and the CPU time of the n8n process tree (main + task
// runner, /proc/<pid>/stat utime+stime+cutime+cstime) from the webhook call until every
// execution of the run (the parked one and its watch) has ended.
'use strict';

const L = require('./lib');
const { CFG, sec, median, percentile, verdict } = L;
const { treeCpuMs } = require('./rss');

const WF = 'benchCallbackWf1';
const MODES = {
	callback: { path: 'bench-cb', node: 'Generate Video CB', params: { waitMode: 'callback', callbackLimit: 10, callbackLimitUnit: 'minutes' } },
	poll: { path: 'bench-poll', node: 'Generate Video Poll', params: { waitMode: 'poll' } },
};

function workflow() {
	const nodes = [];
	const connections = {};
	let y = 0;
	for (const [mode, m] of Object.entries(MODES)) {
		const start = `${mode} start`;
		const split = `${mode} split`;
		nodes.push(
			{ id: `bench-${mode}-hook`, name: start, type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, y], webhookId: `00000000-0000-4000-8000-0000000${mode === 'poll' ? '00001' : '00002'}`, parameters: { httpMethod: 'POST', path: m.path, options: {} } },
			{ id: `bench-${mode}-split`, name: split, type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [200, y], parameters: { fieldToSplitOut: 'body.prompt', options: { destinationFieldName: 'prompt' } } },
			{ ...L.evoLinkNode(m.node, [400, y], m.params) },
		);
		connections[start] = L.link(split);
		connections[split] = L.link(m.node);
		y += 200;
	}
	return { id: WF, name: 'bench: callback vs poll', active: false, nodes, connections, settings: { executionOrder: 'v1' } };
}

/** One run: POST the prompts, align the task ends, wait for every new execution to end. */
async function runMode({ server, sim, sampler, inst }, mode, n, label, seconds = CFG.estimate) {
	const m = MODES[mode];
	const prefix = L.tag(label, n);
	const list = L.prompts(label, n, '', Array(n).fill(seconds));
	const root = server.child.pid;
	const lastId = Math.max(0, ...sampler.samples.map((s) => Number(s.id)));
	const cb0 = sim.callbacks.length;
	const before = L.counters(sim);
	const cpu0 = treeCpuMs(root);
	const t0 = Date.now();
	let cpuAtEnd; // read once when the tasks end: the split before / after
	const res = await fetch(`${server.url}/webhook/${m.path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ prompt: list }) });
	if (res.status !== 200) throw new Error(`webhook ${m.path}: HTTP ${res.status} ${await res.text()}`);
	// every task of the run ends at the same instant: its estimate after the first create
	const tasks = await L.until(`${n} ${mode} tasks`, () => {
		const t = sim.tasks().filter((x) => String(x.internal.request?.prompt ?? '').startsWith(prefix));
		return t.length >= n && t;
	}, 60_000, 50);
	const endAt = Math.min(...tasks.map((t) => t.internal.createdMs)) + seconds * 1000;
	for (const t of tasks) sim.updateTask(t.id, { seconds: Math.max(0.1, (endAt - sim.task(t.id).internal.createdMs) / 1000) });
	const cpuTimer = setTimeout(() => (cpuAtEnd = treeCpuMs(root)), Math.max(0, endAt - Date.now()));
	const mine = () => [...new Map(sampler.samples.filter((s) => Number(s.id) > lastId).map((s) => [s.id, s])).values()];
	await L.until(`${mode} executions to end`, () => {
		const ex = mine();
		return ex.length > 0 && ex.every((s) => ['success', 'error', 'crashed', 'canceled'].includes(s.status)) && Date.now() > endAt;
	}, 5 * 60_000, 200);
	const doneSeenAt = Date.now();
	// EvoLink's retries of callbacks answered non-2xx belong to the run too
	await sim.settleCallbacks();
	await L.sleep(500); // the last save and answer
	clearTimeout(cpuTimer);
	const cpuMs = treeCpuMs(root) - cpu0;
	const cpuBeforeEnd = (cpuAtEnd ?? NaN) - cpu0;
	const windowMs = Date.now() - t0;
	const requests = L.countersSince(sim, before);
	const attempts = sim.callbacks.slice(cb0).filter((a) => tasks.some((t) => t.id === a.taskId));
	const ids = mine().map((s) => Number(s.id));
	const exe = inst.readExecutions().find((e) => Number(e.id) === Math.min(...ids));
	const span = L.nodeSpan(exe, m.node);
	const facts = L.taskFacts(sim, prefix);
	const r = {
		mode,
		n,
		status: exe?.status,
		executions: ids.length,
		requests,
		readsPerTask: median(facts.map((f) => f.queries)),
		answersMs: attempts.map((a) => (a.finishedAt ?? NaN) - a.startedAt),
		attempts: attempts.length,
		failedAttempts: attempts.filter((a) => !a.ok).length,
		attemptLog: attempts.map((a) => `${a.taskId.slice(-8)}#${a.attempt} ${a.status ?? a.error} ${(a.finishedAt ?? NaN) - a.startedAt}ms @${a.startedAt - endAt}`),
		cpuMs,
		cpuBeforeEnd,
		windowMs,
		endSpreadMs: Math.max(...facts.map((f) => f.completedAt)) - Math.min(...facts.map((f) => f.completedAt)),
		nodeEndLateMs: span ? span.end - endAt : NaN,
		doneSeenLateMs: doneSeenAt - endAt,
		videos: L.videosOut(exe, m.node),
	};
	L.log(`${label}: ${r.executions} executions, ${requests.status} status requests, CPU ${Math.round(cpuMs)} ms (${Math.round(cpuMs / n)} ms/item), node end ${sec(r.nodeEndLateMs)} s after the tasks, ${r.videos}/${n} videos`);
	return r;
}

async function runCallback({ inst, sim, boots }) {
	const { N8nServer, StatusSampler } = require('../test/e2e/callback-server');
	const port = Number(inst.env.N8N_PORT);
	const r = await L.runCli(inst, ['publish:workflow', `--id=${WF}`], 120_000);
	boots.push({ what: 'publish', ms: r.ms });
	if (r.code !== 0) throw new Error(`publish failed:\n${r.stdout}${r.stderr}`);
	const t = Date.now();
	// N8nServer waits for the info line "Editor is now accessible"
	const server = await N8nServer.start(inst, port, { WEBHOOK_URL: `http://127.0.0.1:${port}/`, N8N_LOG_LEVEL: 'info' });
	boots.push({ what: 'n8n start', ms: Date.now() - t });
	const readyAt = Date.now();
	const sampler = new StatusSampler(require('node:path').join(inst.userFolder, '.n8n/database.sqlite'), 200);
	await L.sleep(1000); // its first read lists the executions of the earlier phases: they are not this phase's
	try {
		const ctx = { server, sim, sampler, inst };
		// webhooks are registered a little after /healthz answers
		// (a GET to a POST webhook is refused with a hint once the webhook is registered)
		const registered = async (p) => /POST request/i.test(await fetch(`${server.url}/webhook/${p}`).then((r) => r.text(), () => ''));
		await L.until('webhooks', async () => (await registered(MODES.poll.path)) && (await registered(MODES.callback.path)), 60_000, 500);
		// warm-up (first-run JIT, lazy loads), not measured: 1 item each way
		L.log('callback vs poll: warm-up, 1 item each');
		await runMode(ctx, 'poll', 1, 'warm-poll', 3);
		await runMode(ctx, 'callback', 1, 'warm-cb', 3);
		const idle = async (ms = 5000) => {
			const c0 = treeCpuMs(server.child.pid);
			await L.sleep(ms);
			return (treeCpuMs(server.child.pid) - c0) / (ms / 1000);
		};
		// n8n's own jobs in the first ~25 s after boot (registry refreshes, license, pruning) cost up to
		// 300 ms CPU/s: start 30 s after ready at the earliest, after three quiet 2 s windows (≤ 15 ms/s)
		await L.sleep(Math.max(0, readyAt + 30_000 - Date.now()));
		const settle0 = Date.now();
		for (let quiet = 0; quiet < 3 && Date.now() - settle0 < 60_000; ) quiet = (await idle(2000)) <= 15 ? quiet + 1 : 0;
		const idleBefore = await idle();
		L.log(`callback vs poll: n8n idle ${idleBefore.toFixed(1)} ms CPU/s, ${sec(Date.now() - readyAt, 0)} s after ready`);
		const runs = [];
		for (const mode of ['poll', 'callback']) runs.push(await runMode(ctx, mode, CFG.cbN, `${mode}-run`));
		return { runs, idleMsPerS: [idleBefore, await idle()] };
	} finally {
		sampler.stop();
		await server.stop();
	}
}

function render(c) {
	const out = [];
	const [poll, cb] = ['poll', 'callback'].map((m) => c.runs.find((r) => r.mode === m));
	const p = (r, q) => sec(percentile(r.answersMs, q), 2);
	out.push(`## 3. Wait Mode "On Callback" versus "Poll" (${CFG.cbN} tasks ending together, \`n8n start\`)`, '');
	out.push('| | Poll (Auto) | On Callback | old |');
	out.push('|---|---:|---:|---|');
	out.push(`| status requests in all (batch + single) | ${poll.requests.status} (${poll.requests.batch} + ${poll.requests.single}) | ${cb.requests.status} (${cb.requests.batch} + ${cb.requests.single}) | not measured |`);
	out.push(`| status requests per task | ${(poll.requests.status / poll.n).toFixed(2)} | ${(cb.requests.status / cb.n).toFixed(2)} | 4 (poll, single GETs) |`);
	out.push(`| reads that included a task (median per task) | ${poll.readsPerTask} | ${cb.readsPerTask} | |`);
	out.push(`| callback deliveries: attempts (answered non-2xx, EvoLink retries them) | – | ${cb.attempts} (${cb.failedAttempts}) | |`);
	out.push(`| callback answer time p50 / p99 / max (s) | – | ${p(cb, 50)} / ${p(cb, 99)} / ${sec(Math.max(...cb.answersMs), 2)} | |`);
	out.push(`| n8n CPU in the run window (ms; main + task runner) | ${Math.round(poll.cpuMs)} | ${Math.round(cb.cpuMs)} | not measured |`);
	out.push(`| … of which until the tasks end (create, park / wait) / after (callbacks, resume, download) | ${Math.round(poll.cpuBeforeEnd)} / ${Math.round(poll.cpuMs - poll.cpuBeforeEnd)} | ${Math.round(cb.cpuBeforeEnd)} / ${Math.round(cb.cpuMs - cb.cpuBeforeEnd)} | |`);
	out.push(`| **n8n CPU per item (ms)** | **${Math.round(poll.cpuMs / poll.n)}** | **${Math.round(cb.cpuMs / cb.n)}** | |`);
	out.push(`| run window (webhook call → every execution ended, s) | ${sec(poll.windowMs)} | ${sec(cb.windowMs)} | |`);
	out.push(`| executions in the run (parked one + watch runs) | ${poll.executions} | ${cb.executions} | |`);
	out.push(`| node output after the last task ended (s) | ${sec(poll.nodeEndLateMs)} | ${sec(cb.nodeEndLateMs)} | |`);
	out.push(`| tasks' end spread (s) / videos out | ${sec(poll.endSpreadMs, 2)} / ${poll.videos}/${poll.n} | ${sec(cb.endSpreadMs, 2)} / ${cb.videos}/${cb.n} | |`);
	out.push('');
	out.push(
		`The same n8n with no execution used ${c.idleMsPerS.map((x) => x.toFixed(1)).join(' (before the runs) and ')} (after) ms CPU per second (5 s each), included in the figures above; the runs start ≥ 30 s after n8n was ready, after three quiet 2 s windows (≤ 15 ms/s; n8n's own jobs in its first ~25 s cost up to 300 ms/s). ` +
			'Poll ran first, then On Callback, after a warm-up run of each (1 item, not counted). Callback answer time = the simulator sending the callback POST until n8n\'s answer (EvoLink waits 10 s); ' +
			'the non-2xx answers are callbacks that came while the watch was busy or after the execution had resumed.',
		'',
	);
	const cpuOk = cb.cpuMs / cb.n <= poll.cpuMs / poll.n;
	const targets = [
		`| On Callback, ${CFG.cbN} tasks ending together: callback answer p99 ≤ 1 s | ${p(cb, 99)} s ${verdict(percentile(cb.answersMs, 99) <= 1000)} | not measured |`,
		`| On Callback: n8n CPU per item ≤ Poll | ${Math.round(cb.cpuMs / cb.n)} ms vs ${Math.round(poll.cpuMs / poll.n)} ms ${verdict(cpuOk)} | not measured |`,
	];
	return { lines: out, targets };
}

module.exports = { workflow, runCallback, render };
