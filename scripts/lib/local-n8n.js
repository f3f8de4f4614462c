// The one implementation of "run a real n8n with this package": a local n8n (the
// version scripts/setup-n8n.sh caches outside the repo) with the packed package
// installed the way n8n's community-package installer installs it.
// Used by scripts/demo.js and scripts/dev.js (plain `node`, no build step) and, through
// test/e2e/harness.ts, by the e2e, browser and bench code. Types: local-n8n.d.ts.
// Node builtins only, and any Node >= 20: everything n8n-specific (n8n itself, its
// sqlite DB) runs in child processes on the Node 24 that n8n 2.x requires.
'use strict';
const { execFileSync, spawn } = require('node:child_process');
const { randomUUID } = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const REPO = path.resolve(__dirname, '../..');
const N8N_VERSION = process.env.N8N_VERSION || '2.41.1';

let runtime;
/**
 * Where Node 24 and n8n live. The only place that knows the cache layout besides
 * scripts/setup-n8n.sh itself, which installs them on first use (minutes, logs on
 * stderr) and prints the cache folder; afterwards this is a no-op.
 */
function n8nRuntime() {
	if (runtime) return runtime;
	const cache = execFileSync('bash', [path.join(REPO, 'scripts/setup-n8n.sh')], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
		env: { ...process.env, N8N_VERSION },
	}).trim();
	runtime = {
		cache,
		nodeBin: path.join(cache, 'node24/bin'), // directory holding Node 24's `node`
		n8nDir: path.join(cache, `n8n-${N8N_VERSION}/node_modules/n8n`),
	};
	return runtime;
}

function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

/** `npm pack` of the built repo (builds first when dist/ is missing). Returns the tarball path. */
function packPackage(destDir) {
	if (!fs.existsSync(path.join(REPO, 'dist'))) {
		execFileSync('npm', ['run', 'build'], { cwd: REPO, stdio: ['ignore', 'inherit', 'inherit'] });
	}
	fs.mkdirSync(destDir, { recursive: true });
	const out = execFileSync('npm', ['pack', '--json', '--pack-destination', destDir], {
		cwd: REPO,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	return path.join(destDir, JSON.parse(out)[0].filename);
}

/**
 * Mirrors CommunityPackagesService.downloadPackage() of n8n 2.41
 * (dist/modules/community-packages/community-packages.service.js): untar into
 * <N8N_USER_FOLDER>/.n8n/nodes/node_modules/<name>, drop dev/peer/optional
 * dependencies from its package.json, `npm install` there without scripts, and
 * record it in nodes/package.json. n8n then loads every `n8n-nodes-*` folder in
 * nodes/node_modules (community-packages.module.js nodeLoaders()).
 * Without `tarball` the repo is packed into a temp folder first (and that removed).
 */
function installPackage(userFolder, tarball) {
	if (!tarball) {
		const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'evolink-pack-'));
		try {
			return installPackage(userFolder, packPackage(packDir));
		} finally {
			fs.rmSync(packDir, { recursive: true, force: true });
		}
	}
	const name = JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' })).name;
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const pkgDir = path.join(nodesDir, 'node_modules', name);
	fs.rmSync(pkgDir, { recursive: true, force: true });
	fs.mkdirSync(pkgDir, { recursive: true });
	execFileSync('tar', ['-xzf', tarball, '-C', pkgDir, '--strip-components=1']);
	const pjPath = path.join(pkgDir, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...pj } = JSON.parse(fs.readFileSync(pjPath, 'utf8'));
	fs.writeFileSync(pjPath, JSON.stringify(pj, null, 2));
	execFileSync(
		'npm',
		['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'],
		{ cwd: pkgDir, stdio: ['ignore', 'ignore', 'inherit'] },
	);
	const nodesPj = path.join(nodesDir, 'package.json');
	const deps = fs.existsSync(nodesPj) ? (JSON.parse(fs.readFileSync(nodesPj, 'utf8')).dependencies ?? {}) : {};
	deps[name] = pj.version;
	fs.writeFileSync(nodesPj, JSON.stringify({ name: 'installed-nodes', private: true, dependencies: deps }, null, 2));
	return pkgDir;
}

/**
 * The environment n8n runs with in tests, demo and dev: local, quiet, no phoning home.
 * Only these variables (plus `extra`) reach n8n: nothing from the caller's shell leaks in.
 */
function n8nEnv(userFolder, extra = {}, rt = n8nRuntime()) {
	return {
		PATH: `${rt.nodeBin}${path.delimiter}${process.env.PATH}`, // Node 24 first for anything n8n starts
		HOME: process.env.HOME,
		TMPDIR: os.tmpdir(),
		N8N_USER_FOLDER: userFolder,
		N8N_DIAGNOSTICS_ENABLED: 'false', // telemetry + posthog
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false', // no community-node registry lookups (api.n8n.io)
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_PYTHON_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		DB_SQLITE_POOL_SIZE: '2',
		N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL || 'info',
		GENERIC_TIMEZONE: 'UTC',
		...extra,
	};
}

/**
 * Starts `n8n <args>` on Node 24; resolves {code, signal, timedOut, stdout, stderr, ms} once it has
 * exited and its output is complete (code is null when a signal ended it). `child` and
 * `stop()` are exposed for cleanup. With `logFile` the output goes there (a long-running
 * server must not write into pipes of a parent that may be gone); otherwise `onOutput`
 * sees it as it comes. `timeoutMs` sends SIGTERM (as execFile's timeout does).
 */
function n8n(args, { env, cwd = REPO, logFile, onOutput, timeoutMs } = {}) {
	const rt = n8nRuntime();
	const t0 = Date.now();
	const out = logFile ? fs.openSync(logFile, 'a') : 'pipe';
	const child = spawn(path.join(rt.nodeBin, 'node'), [path.join(rt.n8nDir, 'bin/n8n'), ...args], { cwd, env, stdio: ['ignore', out, out] });
	if (logFile) fs.closeSync(out);
	let stdout = '';
	let stderr = '';
	child.stdout?.setEncoding('utf8').on('data', (d) => ((stdout += d), onOutput?.(d)));
	child.stderr?.setEncoding('utf8').on('data', (d) => ((stderr += d), onOutput?.(d)));
	let timedOut = false;
	const timer = timeoutMs ? setTimeout(() => ((timedOut = true), child.kill('SIGTERM')), timeoutMs) : undefined;
	const done = new Promise((resolve, reject) => {
		child.on('error', (e) => (clearTimeout(timer), reject(e)));
		child.on('close', (code, signal) => (clearTimeout(timer), resolve({ code, signal, timedOut, stdout, stderr, ms: Date.now() - t0 })));
	});
	return Object.assign(done, { child, stop: (killAfterMs) => stopChild(child, killAfterMs) });
}

/** SIGTERM (n8n then stops its task runner), SIGKILL after `killAfterMs`. */
async function stopChild(child, killAfterMs = 15_000) {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((r) => child.once('exit', r));
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
	await exited;
	clearTimeout(timer);
}

/**
 * Imports JSON via `n8n import:<kind>` (kind: credentials | workflow). The temp file in
 * `dir` may hold an API key: private, and removed whatever happens. `run` replaces the
 * plain `n8n(args, {env, cwd})` boot (the e2e harness logs and times every boot).
 */
async function importJson(kind, data, { env, cwd, dir, run = (args) => n8n(args, { env, cwd }) }) {
	const file = path.join(dir, `import-${kind}-${randomUUID()}.json`);
	fs.writeFileSync(file, JSON.stringify(data), { mode: 0o600 });
	try {
		const r = await run([`import:${kind}`, '--input', file]);
		if (r.code !== 0) throw new Error(`n8n import:${kind} failed (${r.code ?? r.signal}):\n${tail(r.stdout + r.stderr)}`);
	} finally {
		fs.rmSync(file, { force: true });
	}
}

/**
 * An EvoLink credential for `n8n import:credentials`. Against a local simulator (loopback
 * Base URL) its Files API is the simulator too, and callback URLs on http/loopback are allowed.
 */
function evoLinkCredential(id, apiKey, baseUrl, name = 'EvoLink', extra = {}) {
	const local = /^http:\/\/(127\.|localhost)/.test(baseUrl);
	const data = { apiKey, baseUrl, ...(local ? { filesBaseUrl: baseUrl, allowLocalCallbacks: true } : {}), ...extra };
	return { id, name, type: 'evoLinkApi', data };
}

/** Loads a workflow JSON (examples/ or test/e2e/workflows/) and points its EvoLink nodes at a credential. */
function loadWorkflow(file, { id, credentialId, credentialName = 'EvoLink' }) {
	const wf = JSON.parse(fs.readFileSync(path.resolve(REPO, file), 'utf8'));
	wf.id = id;
	wf.active = false;
	for (const node of wf.nodes) {
		if (node.credentials?.evoLinkApi) node.credentials.evoLinkApi = { id: credentialId, name: credentialName };
	}
	return wf;
}

/**
 * All executions in n8n's sqlite DB, oldest first, decoded in a child on n8n's Node
 * (node:sqlite, read-only) with n8n's own `flatted` (the format n8n stores them in).
 */
function readExecutions(userFolder, rt = n8nRuntime()) {
	const script = `
		const { DatabaseSync } = require('node:sqlite');
		const flatted = require(require.resolve('flatted', { paths: [process.argv[2]] }));
		const db = new DatabaseSync(process.argv[1], { readOnly: true });
		const rows = db.prepare('SELECT e.id, e.workflowId, e.status, d.data FROM execution_entity e JOIN execution_data d ON d.executionId = e.id ORDER BY e.id').all();
		process.stdout.write(JSON.stringify(rows.map((r) => {
			const d = flatted.parse(r.data);
			return { id: r.id, workflowId: r.workflowId, status: r.status, error: d.resultData.error,
				lastNodeExecuted: d.resultData.lastNodeExecuted, runData: d.resultData.runData };
		})));`;
	const out = execFileSync(path.join(rt.nodeBin, 'node'), ['-e', script, path.join(userFolder, '.n8n/database.sqlite'), rt.n8nDir], {
		encoding: 'utf8',
		maxBuffer: 512 * 1024 * 1024,
		env: { PATH: process.env.PATH, NODE_NO_WARNINGS: '1' },
	});
	return JSON.parse(out);
}

function tail(s, n = 60) {
	return s.split('\n').slice(-n).join('\n');
}

module.exports = {
	REPO,
	N8N_VERSION,
	n8nRuntime,
	freePort,
	packPackage,
	installPackage,
	n8nEnv,
	n8n,
	stopChild,
	importJson,
	evoLinkCredential,
	loadWorkflow,
	readExecutions,
	tail,
};
