// Which TCP addresses given processes listen on (Linux /proc): a process's sockets are the
// `socket:[inode]` links in /proc/<pid>/fd, their state and local address are in
// /proc/net/tcp{,6}. Used to prove everything the queue-mode setup starts listens on
// loopback only. Plain JS (Node APIs allowed here, see test/support/host.js).
'use strict';
const fs = require('node:fs');

const LISTEN = '0A';

/** "0100007F:1F90" (tcp) or 32 hex digits + port (tcp6) → { address, port, loopback } */
function decode(hex) {
	const [ip, port] = hex.split(':');
	const bytes = ip.match(/../g).map((b) => parseInt(b, 16));
	// each 32-bit word is stored in host (little-endian) order
	const words = [];
	for (let i = 0; i < bytes.length; i += 4) words.push(...bytes.slice(i, i + 4).reverse());
	let address;
	if (words.length === 4) address = words.join('.');
	else {
		const groups = [];
		for (let i = 0; i < 16; i += 2) groups.push(((words[i] << 8) | words[i + 1]).toString(16));
		address = groups.join(':');
	}
	const v4mapped = address.startsWith('0:0:0:0:0:ffff:');
	const loopback =
		words.length === 4 ? words[0] === 127 : address === '0:0:0:0:0:0:0:1' || (v4mapped && words[12] === 127);
	return { address, port: parseInt(port, 16), loopback };
}

function listeningSockets() {
	const byInode = new Map();
	for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
		if (!fs.existsSync(file)) continue;
		for (const line of fs.readFileSync(file, 'utf8').split('\n').slice(1)) {
			const cols = line.trim().split(/\s+/);
			if (cols.length > 9 && cols[3] === LISTEN) byInode.set(cols[9], decode(cols[1]));
		}
	}
	return byInode;
}

/** [{ pid, address, port, loopback }] for every TCP socket the pids listen on. */
function listenersOf(pids) {
	const sockets = listeningSockets();
	const out = [];
	for (const pid of pids) {
		let fds = [];
		try {
			fds = fs.readdirSync(`/proc/${pid}/fd`);
		} catch {
			continue; // gone
		}
		for (const fd of fds) {
			let link = '';
			try {
				link = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
			} catch {
				continue;
			}
			const m = /^socket:\[(\d+)\]$/.exec(link);
			if (m && sockets.has(m[1])) out.push({ pid, ...sockets.get(m[1]) });
		}
	}
	return out;
}

module.exports = { listenersOf, decode };
