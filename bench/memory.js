// Phase 5: RSS while one 1 GiB result is downloaded into n8n's binary store (filesystem
// mode), CFG.memRuns times in a row, each in its own `n8n execute`; then the same HTTP
// stream written by a plain Node pipe and by n8n's own client + byte store in a bare
// process (bench/pipe-client.js), measured the same way:
//   - the whole process tree (n8n main + task runner): VmRSS summed, sampled every 10 ms;
//     baseline = median of the 1.5 s before the simulator got GET /files, peak = max from
//     then to the node's end (+200 ms); delta = peak − baseline;
//   - the kernel's own peak: VmHWM of every process in the tree is restarted at its current
//     RSS (/proc/<pid>/clear_refs "5") the moment the GET arrives and read at the end, so
//     no peak between two samples is missed (Σ HWM − Σ RSS at the reset).
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const L = require('./lib');
const { CFG, mb, sec, median, verdict, OLD } = L;
const { TreeSampler, findChild, resetPeak, treeMemory } = require('./rss');

const memWorkflow = () => L.oursWorkflow(1, [`bench mem n1 #1: one big result [sim:seconds=${CFG.memTaskS}] [sim:bytes=${CFG.memBytes}]`], 'Mem');

/**
 * Samples the tree found by `findRoot` while `run()` goes; `onFileGet` is called by the
 * simulator's log when the result download starts. run() resolves { endAt, ...extra }.
 */
async function measure(findRoot, hooks, run) {
	let getAt;
	let atReset;
	let resetAt = Infinity;
	const sampler = new TreeSampler((map) => findRoot(map), 10).start();
	hooks.onFileGet = () => {
		if (getAt !== undefined) return;
		getAt = Date.now();
		sampler.rescan();
		atReset = treeMemory(sampler.root);
		resetPeak(Object.keys(atReset));
		resetAt = sampler.samples.length; // samples from here on were read after the reset
	};
	let result;
	try {
		result = await run();
	} finally {
		sampler.stop();
		hooks.onFileGet = undefined;
	}
	const s = sampler.samples;
	const end = result.endAt ?? Infinity;
	const before = s.filter((x) => getAt !== undefined && x.t < getAt && x.t >= getAt - 1500);
	const during = s.filter((x) => getAt !== undefined && x.t >= getAt && x.t <= end + 200);
	// (a sample of the same millisecond as the GET may predate the reset: its VmHWM is the boot peak)
	const afterReset = s.filter((x, i) => i >= resetAt && x.t <= end + 200);
	const rssAtReset = Object.values(atReset ?? {}).reduce((a, x) => a + x.rssKb, 0);
	const rootAtReset = atReset?.[sampler.root]?.rssKb;
	const m = {
		...result,
		getAt,
		downloadMs: getAt !== undefined ? end - getAt : NaN,
		samples: during.length,
		processes: Math.max(0, ...s.map((x) => x.pids)),
		baseKb: median(before.map((x) => x.rssKb)),
		peakKb: Math.max(...during.map((x) => x.rssKb)),
		mainBaseKb: median(before.map((x) => x.mainKb)),
		mainPeakKb: Math.max(...during.map((x) => x.mainKb)),
		// kernel peaks since the reset (monotonic: the last sample of the window has them), against the RSS at the reset
		hwmDeltaKb: atReset && afterReset.length ? Math.max(...afterReset.map((x) => x.hwmSumKb)) - rssAtReset : NaN,
		mainHwmDeltaKb: rootAtReset !== undefined && afterReset.length ? Math.max(...afterReset.map((x) => x.hwmKb)) - rootAtReset : NaN,
		bootPeakKb: Math.max(...s.filter((x) => getAt === undefined || x.t < getAt).map((x) => x.rssKb)),
	};
	m.deltaKb = m.peakKb - m.baseKb;
	// BENCH_MEM_TRACE=1: the samples around the download, for bench/results.md's investigation
	if (process.env.BENCH_MEM_TRACE) m.trace = s.filter((x) => getAt !== undefined && x.t >= getAt - 1600 && x.t <= end + 300).map((x) => [x.t - getAt, x.rssKb, x.mainKb, x.hwmKb, x.hwmSumKb]);
	if (process.env.BENCH_MEM_TRACE) m.atReset = atReset;
	m.mainDeltaKb = m.mainPeakKb - m.mainBaseKb;
	return m;
}

async function n8nRun(inst, hooks, wf, i) {
	const marker = `N8N_USER_FOLDER=${inst.userFolder}`;
	const m = await measure((map) => findChild(process.pid, marker, map), hooks, async () => {
		const r = await L.runCli(inst, ['execute', `--id=${wf.id}`, '--rawOutput'], 5 * 60_000);
		const exe = inst.readExecutions().filter((e) => e.workflowId === wf.id).pop();
		const node = exe?.runData['Generate Video']?.[0];
		const bin = node?.data?.main?.[0]?.[0]?.binary?.data;
		if (process.env.BENCH_N8N_NODE_OPTIONS) fs.writeFileSync(path.join(L.SYS_TMP, `evolink-bench-mem-${i}.log`), r.stdout + r.stderr);
		return { r, status: exe?.status, error: exe?.error?.message, bytes: bin?.bytes, binaryId: bin?.id, endAt: node ? node.startTime + node.executionTime : undefined };
	});
	L.log(`memory run ${i + 1}: tree ${mb(m.baseKb).toFixed(0)} → ${mb(m.peakKb).toFixed(0)} MB (delta ${mb(m.deltaKb).toFixed(1)} MB, kernel peak delta ${mb(m.hwmDeltaKb).toFixed(1)} MB) over ${sec(m.downloadMs)} s, ${m.status}`);
	return m;
}

async function referenceRun(sim, hooks, url, variant, dir) {
	const rt = L.H.n8nRuntime();
	const modules = path.dirname(rt.n8nDir);
	let child;
	const m = await measure(() => child?.pid, hooks, async () => {
		child = spawn(path.join(rt.nodeBin, 'node'), [path.join(__dirname, 'pipe-client.js'), variant, url, dir, modules], { stdio: ['ignore', 'pipe', 'inherit'] });
		let out = '';
		child.stdout.on('data', (d) => (out += d));
		await new Promise((resolve) => child.on('close', resolve));
		const j = JSON.parse(out || '{}');
		return { status: j.bytes === CFG.memBytes ? 'success' : 'failed', bytes: j.bytes, endAt: j.endedAt };
	});
	L.log(`memory reference (${variant}): delta ${mb(m.deltaKb).toFixed(1)} MB, kernel peak delta ${mb(m.hwmDeltaKb).toFixed(1)} MB over ${sec(m.downloadMs)} s`);
	return m;
}

async function runMemory({ inst, sim, hooks, wf }) {
	L.log(`memory: our node downloads ${(CFG.memBytes / 2 ** 20).toFixed(0)} MiB ${CFG.memRuns} times (N8N_DEFAULT_BINARY_DATA_MODE=filesystem)`);
	const runs = [];
	for (let i = 0; i < CFG.memRuns; i++) runs.push(await n8nRun(inst, hooks, wf, i));
	// the reference streams: a finished task of the simulator with the same size
	const task = sim.tasks().find((t) => t.status === 'completed' && t.internal.resultBytes === CFG.memBytes);
	const refs = {};
	if (task) {
		const dir = fs.mkdtempSync(path.join(L.SYS_TMP, 'evolink-bench-ref-'));
		try {
			for (const v of ['pipe', 'n8n']) refs[v] = await referenceRun(sim, hooks, `${sim.url}/files/${task.id}.mp4`, v, dir);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	}
	return { runs, refs };
}

function render(mem) {
	const out = [];
	const { runs, refs } = mem;
	const size = `${(CFG.memBytes / 2 ** 20).toFixed(0)} MiB`;
	const cols = runs.map((_, i) => `run ${i + 1}`);
	const row = (label, f) => `| ${label} | ${runs.map(f).join(' | ')} | ${refs.pipe ? f(refs.pipe) : '–'} | ${refs.n8n ? f(refs.n8n) : '–'} |`;
	out.push(`## 5. Memory: one ${size} result into the binary store (filesystem mode)`, '');
	out.push(`| | ${cols.map((c) => `our node in n8n, ${c}`).join(' | ')} | plain Node pipe | n8n's httpRequest + FsByteStore, no n8n |`);
	out.push(`|---|${runs.map(() => '---:').join('|')}|---:|---:|`);
	out.push(row('execution / download status', (m) => m.status + (m.error ? ` (${m.error})` : '')));
	out.push(row('bytes stored', (m) => m.bytes ?? '?'));
	out.push(row('download time (GET /files → end), s', (m) => `${sec(m.downloadMs)} (${(CFG.memBytes / 1e6 / (m.downloadMs / 1000)).toFixed(0)} MB/s)`));
	out.push(row('process tree RSS baseline (median 1.5 s before), MB', (m) => mb(m.baseKb).toFixed(1)));
	out.push(row('tree RSS peak, sampled every 10 ms, MB', (m) => mb(m.peakKb).toFixed(1)));
	out.push(row('**tree delta (peak − baseline), MB**', (m) => `**${mb(m.deltaKb).toFixed(1)}**`));
	out.push(row('kernel peak (Σ VmHWM restarted at the GET) − RSS then, MB', (m) => mb(m.hwmDeltaKb).toFixed(1)));
	out.push(row('main process alone: sampled delta / kernel peak delta, MB', (m) => `${mb(m.mainDeltaKb).toFixed(1)} / ${mb(m.mainHwmDeltaKb).toFixed(1)}`));
	out.push(row('RSS peak before the download (boot, polling), MB', (m) => mb(m.bootPeakKb).toFixed(1)));
	out.push(row('samples during the download / processes in tree', (m) => `${m.samples} / ${m.processes}`));
	out.push('');
	out.push(`Old (${OLD.date}, 100 ms sampling, one run per bench): ${OLD.memDeltaMb.map((x) => `${x} MB`).join(', ')} in three runs.`, '');
	const worst = Math.max(...runs.map((m) => Math.max(m.deltaKb, m.hwmDeltaKb || 0)));
	const allOk = runs.every((m) => mb(m.deltaKb) < 100 && !(mb(m.hwmDeltaKb) >= 100));
	const targets = [
		`| Downloading ${(CFG.memBytes / 2 ** 30).toFixed(CFG.memBytes >= 2 ** 30 ? 0 : 2)} GiB adds < 100 MB RSS, ${runs.length} consecutive runs (sampled / kernel peak) | ${runs.map((m) => `${mb(m.deltaKb).toFixed(0)} / ${mb(m.hwmDeltaKb).toFixed(0)}`).join(', ')} MB; worst ${mb(worst).toFixed(0)} MB ${verdict(allOk)} | ${OLD.memDeltaMb.map((x) => x.toFixed(0)).join(', ')} MB (100 ms sampling) |`,
	];
	return { lines: out, targets };
}

module.exports = { memWorkflow, runMemory, render };
