// Shared by scripts/demo.js and scripts/dev.js: a local n8n (from the cache that
// scripts/setup-n8n.sh fills) with this package installed the way n8n's
// community-package installer does it. Same steps as test/e2e/harness.ts.
// Must run on Node 24 (demo.sh / dev.sh put the cached one first on PATH).
'use strict';
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const REPO = path.resolve(__dirname, '../..');
const N8N_VERSION = process.env.N8N_VERSION || '2.41.1';
const CACHE = process.env.EVOLINK_CACHE || path.join(os.homedir(), '.cache/n8n-nodes-evolink');
const N8N_BIN = path.join(CACHE, `n8n-${N8N_VERSION}/node_modules/n8n/bin/n8n`);

/** npm pack the built repo, unpack into <userFolder>/.n8n/nodes/node_modules/<name>, drop peer deps, npm install. */
function installPackage(userFolder) {
	const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'evolink-pack-'));
	try {
		const [{ filename }] = JSON.parse(
			execFileSync('npm', ['pack', '--json', '--pack-destination', packDir], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }),
		);
		const tarball = path.join(packDir, filename);
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
		fs.writeFileSync(path.join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [name]: pj.version } }, null, 2));
		return pkgDir;
	} finally {
		fs.rmSync(packDir, { recursive: true, force: true });
	}
}

/** Local, quiet, no phoning home (same list as test/e2e/harness.ts n8nEnv). */
function n8nEnv(userFolder, extra = {}) {
	return {
		PATH: process.env.PATH,
		HOME: process.env.HOME,
		TMPDIR: os.tmpdir(),
		N8N_USER_FOLDER: userFolder,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_PYTHON_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		DB_SQLITE_POOL_SIZE: '2',
		GENERIC_TIMEZONE: 'UTC',
		...extra,
	};
}

function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

/**
 * Starts `n8n <args>`; resolves {code, stdout, stderr} when it exits. `child` is exposed
 * for cleanup. With `logFile` the output goes there (a long-running server must not
 * write into pipes of a parent that may be gone).
 */
function n8n(args, { env, cwd = REPO, logFile } = {}) {
	const out = logFile ? fs.openSync(logFile, 'a') : 'pipe';
	const child = spawn(process.execPath, [N8N_BIN, ...args], { cwd, env, stdio: ['ignore', out, out] });
	if (logFile) fs.closeSync(out);
	let stdout = '';
	let stderr = '';
	child.stdout?.on('data', (d) => (stdout += d));
	child.stderr?.on('data', (d) => (stderr += d));
	const done = new Promise((resolve, reject) => {
		child.on('error', reject);
		child.on('exit', (code, signal) => resolve({ code: code ?? signal, stdout, stderr }));
	});
	return Object.assign(done, { child, stop: () => stopChild(child) });
}

/** SIGTERM (n8n then stops its task runner), SIGKILL after 15 s. */
async function stopChild(child) {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((r) => child.once('exit', r));
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
	await exited;
	clearTimeout(timer);
}

/** Imports JSON via `n8n import:<kind>`; the temp file (may hold an API key) is private and removed. */
async function importJson(kind, data, env, tmpDir) {
	const file = path.join(tmpDir, `import-${kind}-${process.pid}.json`);
	fs.writeFileSync(file, JSON.stringify(data), { mode: 0o600 });
	try {
		const r = await n8n([`import:${kind}`, '--input', file], { env });
		if (r.code !== 0) throw new Error(`n8n import:${kind} failed:\n${(r.stdout + r.stderr).split('\n').slice(-30).join('\n')}`);
	} finally {
		fs.rmSync(file, { force: true });
	}
}

/** Loads a workflow file and points its EvoLink nodes at a credential. */
function loadWorkflow(file, id, credentialId, credentialName) {
	const wf = JSON.parse(fs.readFileSync(path.resolve(REPO, file), 'utf8'));
	wf.id = id;
	wf.active = false;
	for (const node of wf.nodes) if (node.credentials?.evoLinkApi) node.credentials.evoLinkApi = { id: credentialId, name: credentialName };
	return wf;
}

/** Executions from n8n's sqlite DB (node:sqlite + n8n's flatted), newest last. */
function readExecutions(userFolder) {
	const { DatabaseSync } = require('node:sqlite');
	const flatted = require(require.resolve('flatted', { paths: [path.dirname(N8N_BIN)] }));
	const db = new DatabaseSync(path.join(userFolder, '.n8n/database.sqlite'), { readOnly: true });
	try {
		return db
			.prepare('SELECT e.id, e.workflowId, e.status, d.data FROM execution_entity e JOIN execution_data d ON d.executionId = e.id ORDER BY e.id')
			.all()
			.map((r) => ({ id: r.id, workflowId: r.workflowId, status: r.status, data: flatted.parse(r.data) }));
	} finally {
		db.close();
	}
}

module.exports = { REPO, CACHE, N8N_VERSION, installPackage, n8nEnv, freePort, n8n, importJson, loadWorkflow, readExecutions };
