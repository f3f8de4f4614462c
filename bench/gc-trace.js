// Diagnostics for the memory phase, preloaded into n8n (not used by a normal bench run):
//   BENCH_N8N_NODE_OPTIONS="--require /abs/path/bench/gc-trace.js" BENCH_ONLY=memory npm run bench
// (--trace-gc is not allowed in NODE_OPTIONS). Appends one JSON line per GC and, every
// 20 ms, one with process.memoryUsage() to $EVOLINK_GC_DIR/evolink-gc-<pid>.jsonl: epoch ms `t`,
// GC kind (minor = scavenge, major = mark-compact), duration, and rss / heapUsed /
// external / arrayBuffers in MB — what is allocated outside the JS heap and waiting for a GC.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { PerformanceObserver, constants, performance } = require('node:perf_hooks');

const file = path.join(process.env.EVOLINK_GC_DIR || os.tmpdir(), `evolink-gc-${process.pid}.jsonl`);
const KINDS = { [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor', [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major', [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental', [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb' };
const lines = [];
const mem = () => {
	const m = process.memoryUsage();
	return { rss: +(m.rss / 1e6).toFixed(1), heap: +(m.heapUsed / 1e6).toFixed(1), ext: +(m.external / 1e6).toFixed(1), ab: +(m.arrayBuffers / 1e6).toFixed(1) };
};
new PerformanceObserver((list) => {
	for (const e of list.getEntries()) lines.push({ t: Math.round(performance.timeOrigin + e.startTime), gc: KINDS[e.detail?.kind ?? e.kind] ?? 'other', ms: +e.duration.toFixed(2), ...mem() });
}).observe({ entryTypes: ['gc'] });
setInterval(() => {
	lines.push({ t: Date.now(), ...mem() });
	if (lines.length > 200) fs.appendFileSync(file, lines.splice(0).map((l) => JSON.stringify(l)).join('\n') + '\n');
}, 20).unref();
process.on('exit', () => lines.length && fs.appendFileSync(file, lines.splice(0).map((l) => JSON.stringify(l)).join('\n') + '\n'));
