// The n8n editor with this package, for trying the node by hand. Started by scripts/dev.sh
// (any Node >= 20: n8n itself runs on the cached Node 24, see scripts/lib/local-n8n.js).
// n8n's own `n8n-node dev --external-n8n` links the package into n8n's custom folder and
// rebuilds it on every change (tsc --watch); n8n runs with N8N_DEV_RELOAD, so a change
// shows up in the editor without a restart. Workflows and the owner login stay in
// .n8n-dev/ between runs (delete that folder to start over).
'use strict';
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const lib = require('./lib/local-n8n');

const HOME = path.join(lib.REPO, '.n8n-dev');
const PORT = Number(process.env.N8N_PORT || 5678);
const CRED_ID = 'evoLinkDevCred01';
const EXAMPLES = fs.readdirSync(path.join(lib.REPO, 'examples')).filter((f) => f.endsWith('.json'));
const log = (s) => console.log(`[dev] ${s}`);

const cleanups = [];
let stopping = false;
async function stopAll(code) {
	if (stopping) return;
	stopping = true;
	while (cleanups.length) await Promise.resolve(cleanups.pop()()).catch(() => {});
	process.exit(code);
}

async function main() {
	const stop = stopAll;
	for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => stop(0));
	lib.n8nRuntime(); // a real n8n, installed into the cache on the very first run (minutes)

	let apiKey = process.env.EVOLINK_API_KEY;
	let baseUrl = process.env.EVOLINK_BASE_URL || 'https://api.evolink.ai';
	if (!apiKey) {
		const { startSimulator, DEFAULT_API_KEY } = require('../test/simulator');
		const seconds = Number(process.env.DEV_TASK_SECONDS || 20);
		const sim = await startSimulator({ port: Number(process.env.SIM_PORT || 0), taskSeconds: seconds, estimatedSeconds: seconds, log: !!process.env.SIM_LOG });
		cleanups.push(() => sim.close());
		apiKey = DEFAULT_API_KEY;
		baseUrl = sim.url;
	}

	const userFolder = path.join(HOME, 'user');
	const firstRun = !fs.existsSync(path.join(userFolder, '.n8n', 'database.sqlite'));
	fs.mkdirSync(path.join(HOME, 'files'), { recursive: true });
	// The packed package of an earlier `npm run dev` would load twice: the link replaces it.
	fs.rmSync(path.join(userFolder, '.n8n', 'nodes'), { recursive: true, force: true });
	const watcher = spawn(path.join(lib.REPO, 'node_modules', '.bin', 'n8n-node'), ['dev', '--external-n8n', '--custom-user-folder', userFolder], {
		cwd: lib.REPO,
		stdio: ['ignore', fs.openSync(path.join(HOME, 'n8n-node-dev.log'), 'w'), 'inherit'],
		env: { ...process.env, FORCE_COLOR: '0' },
	});
	cleanups.push(() => lib.stopChild(watcher, 3_000));
	await waitForFile(path.join(userFolder, '.n8n', 'custom', 'node_modules', 'n8n-nodes-evolink'), 60_000);
	const env = lib.n8nEnv(userFolder, {
		N8N_DEV_RELOAD: 'true',
		N8N_PORT: String(PORT),
		N8N_RUNNERS_BROKER_PORT: String(await lib.freePort()),
		N8N_RESTRICT_FILE_ACCESS_TO: path.join(HOME, 'files'),
	});

	// The credential is re-imported every start: it follows the simulator's port / your key.
	const credName = !process.env.EVOLINK_API_KEY ? 'EvoLink (simulator)' : 'EvoLink';
	await lib.importJson('credentials', [lib.evoLinkCredential(CRED_ID, apiKey, baseUrl, credName)], { env, dir: HOME });
	if (firstRun) {
		// examples once, so your edits survive restarts; Save MP4 writes into .n8n-dev/files/
		const wfs = EXAMPLES.map((f, i) => {
			const wf = lib.loadWorkflow(`examples/${f}`, { id: `evoLinkExample${String(i + 1).padStart(2, '0')}`, credentialId: CRED_ID, credentialName: credName });
			for (const n of wf.nodes) if (n.type === 'n8n-nodes-base.readWriteFile') n.parameters.fileName = n.parameters.fileName.replace('demo-output/', `${path.join(HOME, 'files')}/`);
			return wf;
		});
		await lib.importJson('workflow', wfs, { env, dir: HOME });
	}

	const logFile = path.join(HOME, 'n8n.log');
	fs.writeFileSync(logFile, '');
	log(`starting n8n (log: ${path.relative(lib.REPO, logFile)})`);
	const server = lib.n8n(['start'], { env, cwd: HOME, logFile });
	cleanups.push(() => server.stop());
	server.then((r) => {
		if (!stopping) {
			console.error(`[dev] n8n exited (${r.code ?? r.signal}):\n${fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n')}`);
			stop(1);
		}
	});
	const url = `http://localhost:${PORT}`;
	// /healthz answers before the REST routes exist; /rest/settings is public once they do
	await waitFor(`${url}/rest/settings`, 120_000);
	const owner = await ensureOwner(url);

	console.log('');
	console.log(`  n8n ${lib.N8N_VERSION} editor   ${url}`);
	console.log(`  login            ${owner.email}  /  ${owner.password}   (local only, kept in .n8n-dev/owner.json)`);
	console.log(`  credential       "${credName}" → ${baseUrl}`);
	console.log(`  workflows        ${EXAMPLES.join(', ')}`);
	console.log(`  files            Save MP4 writes into .n8n-dev/files/`);
	console.log('  n8n-node dev rebuilds on every change (log: .n8n-dev/n8n-node-dev.log); Ctrl-C to stop.');
	console.log('');
}

async function waitForFile(file, ms) {
	const end = Date.now() + ms;
	while (!fs.existsSync(file)) {
		if (Date.now() > end) throw new Error(`n8n-node dev did not link the package (${path.relative(lib.REPO, file)}); see .n8n-dev/n8n-node-dev.log`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

async function waitFor(url, ms) {
	const end = Date.now() + ms;
	while (Date.now() < end) {
		try {
			if ((await fetch(url)).ok) return;
		} catch {}
		await new Promise((r) => setTimeout(r, 500));
	}
	throw new Error(`n8n did not answer on ${url}`);
}

/** The editor needs an owner account: set it up over REST on first run, reuse it later. */
async function ensureOwner(url) {
	const file = path.join(HOME, 'owner.json');
	if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8'));
	const owner = { email: 'dev@evolink.local', password: `Dev-${crypto.randomBytes(6).toString('hex')}1` };
	const res = await fetch(`${url}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ ...owner, firstName: 'EvoLink', lastName: 'Dev' }),
	});
	if (!res.ok) throw new Error(`owner setup failed (${res.status}): ${await res.text()} — delete .n8n-dev/ to start over`);
	fs.writeFileSync(file, JSON.stringify(owner, null, 2), { mode: 0o600 });
	return owner;
}

main().catch((e) => {
	console.error(`[dev] ${e.message}`);
	stopAll(1);
});
