// Runs examples/generate-and-save-video.json in a throw-away n8n with this package
// installed. Started by scripts/demo.sh (any Node >= 20: n8n itself runs on the cached
// Node 24, see scripts/lib/local-n8n.js). See README "Try it".
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const lib = require('./lib/local-n8n');

const WORKFLOW = 'examples/generate-and-save-video.json';
const OUT_DIR = path.join(lib.REPO, 'demo-output');
const log = (s) => console.log(`[demo] ${s}`);

async function main() {
	const started = Date.now();
	const cleanups = [];
	const cleanup = async () => {
		while (cleanups.length) await Promise.resolve(cleanups.pop()()).catch(() => {});
	};
	for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => cleanup().then(() => process.exit(130)));

	try {
		// 0. a real n8n, installed into the cache on the very first run (minutes)
		lib.n8nRuntime();

		// 1. where the node sends requests
		let apiKey = process.env.EVOLINK_API_KEY;
		let baseUrl = process.env.EVOLINK_BASE_URL || 'https://api.evolink.ai';
		let sim;
		if (apiKey) {
			log(`using the EvoLink API at ${baseUrl} (EVOLINK_API_KEY is set: real calls cost credits)`);
		} else {
			const { startSimulator, DEFAULT_API_KEY } = require('../test/simulator');
			const seconds = Number(process.env.DEMO_TASK_SECONDS || 10);
			sim = await startSimulator({ taskSeconds: seconds, estimatedSeconds: seconds });
			cleanups.push(() => sim.close());
			apiKey = DEFAULT_API_KEY;
			baseUrl = sim.url;
			log(`EvoLink simulator on ${baseUrl} (set EVOLINK_API_KEY to use the real API)`);
		}

		// 2. a fresh n8n user folder with the package installed like Settings > Community nodes does
		const root = fs.mkdtempSync(path.join(os.tmpdir(), 'evolink-demo-'));
		cleanups.push(() => fs.rmSync(root, { recursive: true, force: true }));
		const userFolder = path.join(root, 'user');
		const pkgDir = lib.installPackage(userFolder);
		log(`installed ${path.basename(pkgDir)} into a fresh n8n ${lib.N8N_VERSION} (${userFolder})`);
		fs.mkdirSync(OUT_DIR, { recursive: true });
		const env = lib.n8nEnv(userFolder, {
			N8N_RESTRICT_FILE_ACCESS_TO: OUT_DIR,
			N8N_RUNNERS_BROKER_PORT: String(await lib.freePort()),
			N8N_PORT: String(await lib.freePort()),
			N8N_LOG_LEVEL: 'warn',
		});

		// 3. credential + workflow, then run it
		await lib.importJson('credentials', [lib.evoLinkCredential('evoLinkDemoCred1', apiKey, baseUrl)], { env, dir: root });
		const wf = lib.loadWorkflow(WORKFLOW, { id: 'evoLinkDemoFlow1', credentialId: 'evoLinkDemoCred1' });
		await lib.importJson('workflow', [wf], { env, dir: root });
		const node = wf.nodes.find((n) => n.type === 'n8n-nodes-evolink.evoLink').parameters;
		log(`running "${wf.name}": ${node.model}, ${node.quality}, ${node.duration} s`);
		log(`prompt: ${node.prompt}`);

		const run = lib.n8n(['execute', '--id=evoLinkDemoFlow1', '--rawOutput'], { env, cwd: lib.REPO });
		cleanups.push(() => run.stop());
		const t0 = Date.now();
		const tty = process.stdout.isTTY;
		let last = '';
		const ticker = setInterval(() => {
			const task = sim?.tasks().slice(-1)[0];
			const state = task ? `task ${task.status}, ${task.progress}%` : sim ? 'starting n8n' : 'n8n is running the workflow';
			const secs = Math.round((Date.now() - t0) / 1000);
			// a live line on a terminal; in CI one line per change of state (or every 30 s)
			if (tty) process.stdout.write(`\r[demo] ${state} … ${secs} s   `);
			else if (state.replace(/\d+%/, '') !== last || secs % 30 === 0) log(`${state} … ${secs} s`);
			last = state.replace(/\d+%/, '');
		}, 1000);
		const result = await run;
		clearInterval(ticker);
		if (tty) process.stdout.write('\n');

		// 4. what happened
		const exe = lib.readExecutions(userFolder).filter((e) => e.workflowId === 'evoLinkDemoFlow1').pop();
		if (!exe || exe.status !== 'success') {
			const err = exe?.error;
			log(`FAILED: ${err ? `${err.message}${err.description ? ` — ${err.description}` : ''}` : `n8n exited with ${result.code ?? result.signal}`}`);
			if (!err) console.error(result.stderr.split('\n').slice(-20).join('\n'));
			process.exitCode = 1;
			return;
		}
		const out = exe.runData['Generate Video'][0].data.main[0][0].json;
		const file = path.join(OUT_DIR, `${out.id}.mp4`);
		const size = fs.statSync(file).size;
		console.log('');
		console.log('  EvoLink video generated and saved by n8n');
		console.log(`  model          ${out.model}`);
		console.log(`  task id        ${out.id}`);
		console.log(`  status         ${out.status}`);
		console.log(`  waited         ${out.waitedSeconds} s (whole demo ${Math.round((Date.now() - started) / 1000)} s)`);
		console.log(`  file           ${path.relative(process.cwd(), file)} (${size.toLocaleString('en')} bytes)`);
		console.log(`  video URL      ${out.videoUrl} (expires after 24 h)`);
		console.log('');
		console.log('  Next: npm run dev  (the n8n editor with this node, on http://localhost:5678)');
	} finally {
		await cleanup();
	}
}

main().catch((e) => {
	console.error(`[demo] ${e.message}`);
	process.exit(1);
});
