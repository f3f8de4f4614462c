#!/usr/bin/env node
// @ts-check
'use strict';

const { startSimulator, DEFAULT_API_KEY } = require('./index');

const USAGE = `Usage: node test/simulator/cli.js [options]
  --port N                    listen port (default 8787, env SIM_PORT; 0 = any)
  --task-seconds S            real seconds a task takes (default 5, env SIM_TASK_SECONDS)
  --estimated-seconds S       task_info.estimated_time (default docs: wan 120, kling 300; env SIM_ESTIMATED_SECONDS)
  --allow-insecure-callbacks  accept http:// and loopback callback URLs (env SIM_ALLOW_INSECURE_CALLBACKS=1)
  --api-key KEY               accepted key, repeatable (default ${DEFAULT_API_KEY}; env SIM_API_KEYS=a,b)
  --time-scale F              scale the documented callback retry delays / timeout (env SIM_TIME_SCALE)
  --result-bytes N            size of every result MP4 (env SIM_RESULT_BYTES)
  --numeric-error-codes       error.code as the HTTP status number (older vendor pages)
  --files-port N              also serve the Files API on its own port (0 = any; env SIM_FILES_PORT)
  --max-upload-bytes N        Files API size limit (default 104857600 = 100 MiB)
  --file-ttl-seconds S        uploaded files expire after S seconds (default 259200 = 72 h)
  --no-idempotency            ignore Idempotency-Key (a repeated create makes a second task)
  --no-batch[=405]            POST /v1/tasks/batch answers 404 (or 405)
  --no-task-list              GET /v1/tasks answers 404
  --quiet                     no per-request log lines
Controls: see test/simulator/README.md (/__sim/...).`;

/** @param {string[]} argv */
function parseArgs(argv) {
	const env = process.env;
	/** @type {Record<string, any>} */
	const o = {
		port: env.SIM_PORT !== undefined ? Number(env.SIM_PORT) : 8787,
		taskSeconds: env.SIM_TASK_SECONDS !== undefined ? Number(env.SIM_TASK_SECONDS) : 5,
		estimatedSeconds: env.SIM_ESTIMATED_SECONDS !== undefined ? Number(env.SIM_ESTIMATED_SECONDS) : undefined,
		allowInsecureCallbacks: env.SIM_ALLOW_INSECURE_CALLBACKS === '1' || env.SIM_ALLOW_INSECURE_CALLBACKS === 'true',
		timeScale: env.SIM_TIME_SCALE !== undefined ? Number(env.SIM_TIME_SCALE) : undefined,
		resultBytes: env.SIM_RESULT_BYTES !== undefined ? Number(env.SIM_RESULT_BYTES) : undefined,
		errorCodeStyle: undefined,
		filesPort: env.SIM_FILES_PORT !== undefined ? Number(env.SIM_FILES_PORT) : undefined,
		quiet: false,
	};
	/** @type {string[]} */
	const keys = [];
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
		const value = () => {
			const v = inline ?? argv[++i];
			if (v === undefined) throw new Error(`${flag} needs a value`);
			return v;
		};
		const num = () => {
			const n = Number(value());
			if (!Number.isFinite(n) || n < 0) throw new Error(`${flag} needs a number >= 0`);
			return n;
		};
		switch (flag) {
			case '--port': o.port = num(); break;
			case '--task-seconds': o.taskSeconds = num(); break;
			case '--estimated-seconds': o.estimatedSeconds = num(); break;
			case '--allow-insecure-callbacks': o.allowInsecureCallbacks = true; break;
			case '--api-key': keys.push(value()); break;
			case '--time-scale': o.timeScale = num(); break;
			case '--result-bytes': o.resultBytes = num(); break;
			case '--numeric-error-codes': o.errorCodeStyle = 'number'; break;
			case '--files-port': o.filesPort = num(); break;
			case '--max-upload-bytes': o.maxUploadBytes = num(); break;
			case '--file-ttl-seconds': o.fileTtlSeconds = num(); break;
			case '--no-idempotency': o.idempotency = false; break;
			case '--no-batch':
				if (inline !== undefined && inline !== '404' && inline !== '405') throw new Error('--no-batch takes no value, 404 or 405');
				o.batch = inline === '405' ? 405 : false;
				break;
			case '--no-task-list': o.taskList = false; break;
			case '--quiet': o.quiet = true; break;
			case '-h':
			case '--help':
				console.log(USAGE);
				process.exit(0);
				break;
			default:
				throw new Error(`unknown option ${a}`);
		}
	}
	if (!keys.length && env.SIM_API_KEYS) keys.push(...env.SIM_API_KEYS.split(',').map((k) => k.trim()).filter(Boolean));
	if (keys.length) o.apiKeys = keys;
	return o;
}

async function main() {
	/** @type {Record<string, any>} */
	let o;
	try {
		o = parseArgs(process.argv.slice(2));
	} catch (e) {
		console.error(`${/** @type {Error} */ (e).message}\n${USAGE}`);
		process.exit(2);
	}
	const { quiet, ...options } = o;
	const sim = await startSimulator({ ...options, host: '127.0.0.1', log: !quiet });
	// Only the simulator's own demo key is shown; keys given on the command line stay private.
	const keyNote = options.apiKeys ? `${options.apiKeys.length} configured key(s)` : DEFAULT_API_KEY;
	console.log(`EvoLink simulator listening on ${sim.url} (api key: ${keyNote})`);
	if (sim.filesUrl !== sim.url) console.log(`Files API on ${sim.filesUrl}`);
	const stop = async () => {
		await sim.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((e) => {
	console.error(e && e.message ? e.message : e);
	process.exit(1);
});
