// Samples the memory of a process tree from /proc (Linux): VmRSS summed over the
// root and all its descendants (n8n's main process + its task runner), and the
// root's VmHWM (kernel-kept peak RSS, which `resetPeak` restarts from the current RSS).
// Also the CPU time a process tree has used (utime + stime, with reaped children).
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');

const kb = (status, key) => {
	const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
	return m ? Number(m[1]) : 0;
};

function ppidMap() {
	const map = new Map();
	for (const d of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(d)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
			// "pid (comm) state ppid ..." — comm may hold spaces/parens: split after the last ')'
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			map.set(Number(d), ppid);
		} catch {
			// the process ended meanwhile
		}
	}
	return map;
}

function descendants(root, map) {
	const out = [root];
	for (let i = 0; i < out.length; i++) for (const [pid, ppid] of map) if (ppid === out[i]) out.push(pid);
	return out;
}

/** The shallowest descendant of `ancestorPid` whose environment holds `marker` (e.g. N8N_USER_FOLDER=<dir>). */
function findChild(ancestorPid, marker, map = ppidMap()) {
	for (const pid of descendants(ancestorPid, map).slice(1)) {
		try {
			if (fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(marker)) return pid;
		} catch {
			// ended or not readable
		}
	}
	return undefined;
}

let ticks;
/** Clock ticks per second of /proc/<pid>/stat times. */
function clockTicks() {
	if (ticks === undefined) {
		try {
			ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
		} catch {
			ticks = 100;
		}
	}
	return ticks;
}

/**
 * CPU ms used so far by `root` and every live descendant: utime + stime of each, plus
 * cutime + cstime (children that ended and were waited for, e.g. a restarted task runner).
 */
function treeCpuMs(root, map = ppidMap()) {
	let sum = 0;
	for (const pid of descendants(root, map)) {
		try {
			const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
			const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // f[0] = state (field 3)
			sum += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]); // fields 14-17
		} catch {
			// ended meanwhile (its time is in its parent's cutime once reaped)
		}
	}
	return (sum * 1000) / clockTicks();
}

/** Restarts the kernel's peak-RSS counter (VmHWM) of each process at its current RSS (Linux ≥ 4.0). */
function resetPeak(pids) {
	for (const pid of pids) {
		try {
			fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
		} catch {
			// not ours or ended
		}
	}
}

/** { pid: { rssKb, hwmKb } } of a process tree now. */
function treeMemory(root, map = ppidMap()) {
	const out = {};
	for (const pid of descendants(root, map)) {
		try {
			const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
			out[pid] = { rssKb: kb(status, 'VmRSS'), hwmKb: kb(status, 'VmHWM') };
		} catch {
			// ended
		}
	}
	return out;
}

class TreeSampler {
	/**
	 * @param {() => number | undefined} findRoot @param {number} everyMs
	 * The process list (/proc scan) is refreshed every `rescanMs` only, so sampling every
	 * 10 ms costs little; a process that ends or starts between rescans is seen at the next one.
	 */
	constructor(findRoot, everyMs = 100, rescanMs = 500) {
		this.findRoot = findRoot;
		this.everyMs = everyMs;
		this.rescanMs = rescanMs;
		this.samples = []; // { t, rssKb (tree), mainKb (root VmRSS), hwmKb (root VmHWM), hwmSumKb (Σ VmHWM), pids }
		this.root = undefined;
		this.pids = [];
		this.scannedAt = 0;
	}

	rescan() {
		const map = ppidMap();
		if (this.root === undefined || !map.has(this.root)) this.root = this.findRoot(map);
		this.pids = this.root === undefined ? [] : descendants(this.root, map);
		this.scannedAt = Date.now();
	}

	sample() {
		if (this.root === undefined || Date.now() - this.scannedAt >= this.rescanMs) this.rescan();
		if (this.root === undefined) return;
		let rssKb = 0;
		let hwmKb = 0;
		let mainKb = 0;
		let hwmSumKb = 0;
		let gone = false;
		for (const pid of this.pids) {
			try {
				const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
				rssKb += kb(status, 'VmRSS');
				hwmSumKb += kb(status, 'VmHWM');
				if (pid === this.root) {
					hwmKb = kb(status, 'VmHWM');
					mainKb = kb(status, 'VmRSS');
				}
			} catch {
				gone = true; // ended between rescans
			}
		}
		if (gone) this.scannedAt = 0;
		if (rssKb > 0) this.samples.push({ t: Date.now(), rssKb, mainKb, hwmKb, hwmSumKb, pids: this.pids.length });
	}

	start() {
		this.timer = setInterval(() => this.sample(), this.everyMs);
		return this;
	}

	stop() {
		clearInterval(this.timer);
	}
}

module.exports = { TreeSampler, findChild, ppidMap, descendants, treeCpuMs, resetPeak, treeMemory };
