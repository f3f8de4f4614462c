// Node's own APIs for test code. Tests run in Jest, not inside n8n, so they may use the
// file system, child processes, timers and the environment; the strict lint config
// (`n8n-node lint`, meant for the shipped node code) forbids those imports and globals
// in TypeScript, so TypeScript tests take them from this one file.
'use strict';
const childProcess = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');
const timers = require('node:timers');
const { setTimeout: delay } = require('node:timers/promises');

/** The repository root. */
const REPO = path.resolve(__dirname, '..', '..');
/** <repo>/test: where the test code lives (for `__dirname`-relative paths in TypeScript tests). */
const TEST_DIR = path.join(REPO, 'test');

/** Calls fn every `every` ms until it returns something truthy (returned), or throws after `ms`. */
async function until(what, fn, ms, every = 250) {
	const end = Date.now() + ms;
	for (;;) {
		const v = await fn();
		if (v) return v;
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await delay(every);
	}
}

module.exports = {
	childProcess,
	crypto,
	fs,
	http,
	net,
	os,
	path,
	readline,
	timers,
	/** await delay(ms) */
	delay,
	until,
	/** process.env (read and write) */
	env: process.env,
	/** process.argv */
	argv: process.argv,
	/** process.stdout / process.stderr */
	stdout: process.stdout,
	stderr: process.stderr,
	REPO,
	TEST_DIR,
	/**
	 * Loads a CommonJS module: the simulator or another JS file by absolute path, or a package
	 * the node must not depend on (e.g. '@n8n/di', 'axios'; found in the repo's node_modules).
	 */
	load: (p) => require(p),
};
