// Samples the memory of a process tree from /proc (Linux): VmRSS summed over the
// root and all its descendants (n8n's main process + its task runner), and the
// root's VmHWM (kernel-kept peak RSS).
'use strict';
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

class TreeSampler {
	/** @param {() => number | undefined} findRoot @param {number} everyMs */
	constructor(findRoot, everyMs = 100) {
		this.findRoot = findRoot;
		this.everyMs = everyMs;
		this.samples = []; // { t, rssKb (tree), mainKb (root VmRSS), hwmKb (root VmHWM), pids }
		this.root = undefined;
	}

	sample() {
		const map = ppidMap();
		if (this.root === undefined || !map.has(this.root)) this.root = this.findRoot(map);
		if (this.root === undefined) return;
		let rssKb = 0;
		let hwmKb = 0;
		let mainKb = 0;
		const pids = descendants(this.root, map);
		for (const pid of pids) {
			try {
				const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
				rssKb += kb(status, 'VmRSS');
				if (pid === this.root) {
					hwmKb = kb(status, 'VmHWM');
					mainKb = kb(status, 'VmRSS');
				}
			} catch {
				// ended between listing and reading
			}
		}
		if (rssKb > 0) this.samples.push({ t: Date.now(), rssKb, mainKb, hwmKb, pids: pids.length });
	}

	start() {
		this.timer = setInterval(() => this.sample(), this.everyMs);
		return this;
	}

	stop() {
		clearInterval(this.timer);
	}
}

module.exports = { TreeSampler, findChild, ppidMap };
