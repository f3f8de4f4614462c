// A real n8n (the version cached by scripts/setup-n8n.sh) with this package installed
// the way n8n's own community-package installer installs it, for the e2e tests (and
// test/browser, bench/). The shared steps (runtime, pack + install, environment,
// ports, spawning n8n, imports, workflows, reading executions) are ONE implementation
// in scripts/lib/local-n8n.js, which `npm run demo` / `npm run dev` use too; this file
// re-exports them and adds the test-only parts (N8nInstance, inspectPackage, items).
import type { IDataObject } from 'n8n-workflow';
import * as lib from '../../scripts/lib/local-n8n';
import type { Execution, Runtime, StoredError } from '../../scripts/lib/local-n8n';
import { childProcess, env, fs, os, path, TEST_DIR } from '../support/host';

export { REPO, N8N_VERSION, n8nRuntime, freePort, packPackage, installPackage, loadWorkflow, evoLinkCredential, stopChild } from '../../scripts/lib/local-n8n';
export type { Runtime, Execution, NodeRun, StoredError, WorkflowJson } from '../../scripts/lib/local-n8n';

export const PACKAGE_NAME: string = JSON.parse(fs.readFileSync(path.join(lib.REPO, 'package.json'), 'utf8')).name;

/** local-n8n's n8nEnv with the (userFolder, rt) signature test/browser/editor.ts uses; extra env goes on top. */
export function n8nEnv(userFolder: string, rt: Runtime = lib.n8nRuntime()): NodeJS.ProcessEnv {
	return lib.n8nEnv(userFolder, {}, rt);
}

export interface CliResult {
	code: number | null;
	stdout: string;
	stderr: string;
	ms: number;
}

/** json of each item a node produced on its first output (first run of that node). */
export function items(exe: Execution, node: string, run = 0, output = 0): IDataObject[] {
	const task = exe.runData[node]?.[run];
	if (!task) throw new Error(`node "${node}" did not run (ran: ${Object.keys(exe.runData).join(', ')})`);
	return (task.data?.main?.[output] ?? []).map((i) => i.json);
}

export function nodeError(exe: Execution, node: string): StoredError | undefined {
	return exe.runData[node]?.[0]?.error;
}

export interface N8nOptions {
	/**
	 * How the packed package gets into n8n: 'community' (default) as n8n's community-package
	 * installer does it (local-n8n installPackage), 'npm' the README's self-hosted way
	 * (npmInstallPackage).
	 */
	install?: 'community' | 'npm';
	/** extra env for n8n (e.g. N8N_RESTRICT_FILE_ACCESS_TO) */
	env?: Record<string, string>;
	/** working directory of n8n (relative file paths in workflows resolve here); default filesDir */
	cwd?: string;
}

/** One throw-away n8n instance: its own user folder, sqlite DB and ports. */
export class N8nInstance {
	readonly root: string;
	readonly userFolder: string;
	readonly pkgDir: string;
	readonly filesDir: string;
	readonly traceDir: string;
	readonly boots: Array<{ args: string[]; ms: number }> = [];
	/** everything n8n printed, to scan for secrets */
	log = '';
	/** the environment every CLI boot of this instance gets (ports, user folder, trace hook) */
	env: NodeJS.ProcessEnv = {};

	private constructor(root: string, pkgDir: string) {
		this.root = root;
		this.userFolder = path.join(root, 'user');
		this.pkgDir = pkgDir;
		this.filesDir = path.join(root, 'files');
		this.traceDir = path.join(root, 'trace');
	}

	static async create(opts: N8nOptions = {}): Promise<N8nInstance> {
		const rt = lib.n8nRuntime();
		const root = fs.mkdtempSync(path.join(os.tmpdir(), 'evolink-e2e-'));
		let pkgDir = '';
		try {
			const tarball = lib.packPackage(path.join(root, 'pack'));
			const userFolder = path.join(root, 'user');
			pkgDir = opts.install === 'npm' ? npmInstallPackage(userFolder, tarball, rt) : lib.installPackage(userFolder, tarball);
		} finally {
			// a failed install leaves no instance to clean up later
			if (!pkgDir && !env.EVOLINK_E2E_KEEP) fs.rmSync(root, { recursive: true, force: true });
		}
		const inst = new N8nInstance(root, pkgDir);
		fs.mkdirSync(inst.filesDir, { recursive: true });
		fs.mkdirSync(inst.traceDir, { recursive: true });
		inst.env = {
			...n8nEnv(path.join(root, 'user'), rt),
			N8N_RESTRICT_FILE_ACCESS_TO: inst.filesDir,
			N8N_RUNNERS_BROKER_PORT: String(await lib.freePort()),
			N8N_PORT: String(await lib.freePort()),
			// Records, at exit, which files the package's modules required (see trace-requires.js).
			NODE_OPTIONS: `--require ${JSON.stringify(path.join(TEST_DIR, 'e2e', 'trace-requires.js'))}`,
			EVOLINK_E2E_TRACE_DIR: inst.traceDir,
			EVOLINK_E2E_TRACE_PKG: pkgDir,
			...opts.env,
		};
		inst.cwd = opts.cwd ?? inst.filesDir;
		return inst;
	}

	cwd!: string;

	/**
	 * One n8n CLI boot (local-n8n's n8n()), logged and timed. Resolves with the exit code;
	 * rejects, with stdout/stderr on the error (bench/ reads them), when a signal ended
	 * it, e.g. the SIGTERM of `timeoutMs`.
	 */
	async cli(args: string[], timeoutMs = 300_000): Promise<CliResult> {
		const r = await lib.n8n(args, { cwd: this.cwd, env: this.env, timeoutMs });
		this.boots.push({ args: args.slice(0, 1), ms: r.ms });
		this.log += r.stdout + r.stderr;
		if (r.code === null) {
			const how = r.timedOut ? `timed out after ${timeoutMs} ms (${r.signal})` : `killed by ${r.signal}`;
			throw Object.assign(new Error(`n8n ${args[0]} ${how}:\n${lib.tail(r.stdout + r.stderr)}`), { ...r, killed: true });
		}
		return { code: r.code, stdout: r.stdout, stderr: r.stderr, ms: r.ms };
	}

	private async importFile(kind: 'credentials' | 'workflow', data: unknown[]): Promise<void> {
		await lib.importJson(kind, data, { dir: this.root, run: (args) => this.cli(args) });
	}

	async importCredentials(creds: unknown[]): Promise<void> {
		await this.importFile('credentials', creds);
	}

	async importWorkflows(workflows: unknown[]): Promise<void> {
		await this.importFile('workflow', workflows);
	}

	/** Runs several workflows in ONE boot (`n8n execute-batch`), then reads their executions from the DB. */
	async executeBatch(ids: string[], concurrency = ids.length): Promise<Record<string, Execution>> {
		const r = await this.cli(['executeBatch', `--ids=${ids.join(',')}`, '--retries=0', `--concurrency=${concurrency}`, '--shortOutput']);
		const all = this.readExecutions();
		const byWf: Record<string, Execution> = {};
		for (const e of all) if (ids.includes(e.workflowId)) byWf[e.workflowId] = e; // last one wins
		const missing = ids.filter((id) => !byWf[id]);
		if (missing.length) throw new Error(`no execution for ${missing.join(', ')} (exit ${r.code}):\n${lib.tail(r.stdout + r.stderr)}`);
		return byWf;
	}

	/** Runs one workflow (`n8n execute --id`): one boot. */
	async execute(id: string): Promise<Execution & { cli: CliResult }> {
		const cli = await this.cli(['execute', `--id=${id}`, '--rawOutput']);
		const mine = this.readExecutions().filter((e) => e.workflowId === id);
		if (!mine.length) throw new Error(`no execution for ${id} (exit ${cli.code}):\n${lib.tail(cli.stdout + cli.stderr)}`);
		return { ...mine[mine.length - 1], cli };
	}

	/** All executions, decoded with n8n's own Node (node:sqlite) and n8n's `flatted`. */
	readExecutions(): Execution[] {
		return lib.readExecutions(this.userFolder);
	}

	/** Modules the package's code required inside n8n: { '<pkg file>': ['<resolved dependency file>', ...] }. */
	requireTrace(): Record<string, string[]> {
		const merged: Record<string, string[]> = {};
		for (const f of fs.readdirSync(this.traceDir)) {
			const t = JSON.parse(fs.readFileSync(path.join(this.traceDir, f), 'utf8'));
			for (const [k, v] of Object.entries(t)) merged[k] = [...new Set([...(merged[k] ?? []), ...(v as string[])])];
		}
		return merged;
	}

	cleanup(): void {
		if (!env.EVOLINK_E2E_KEEP) fs.rmSync(this.root, { recursive: true, force: true });
	}
}

/**
 * The README's self-hosted way: `cd ~/.n8n/nodes && npm install <package>` (here the packed
 * tarball), plain, with the Node that n8n runs on first in PATH and none of the caller's
 * npm_config_* settings (an outer `npm test` passes the repo's .npmrc on that way). Returns the installed package's folder. npm's output is in the
 * error when it fails.
 */
export function npmInstallPackage(userFolder: string, tarball: string, rt: Runtime = lib.n8nRuntime()): string {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	const r = childProcess.spawnSync('npm', ['install', tarball], {
		cwd: nodesDir,
		encoding: 'utf8',
		// the caller's environment (certificates, proxies) without the npm_config_* an outer `npm test` sets
		env: { ...Object.fromEntries(Object.entries(env).filter(([k]) => !/^npm_/i.test(k))), PATH: `${rt.nodeBin}${path.delimiter}${env.PATH}` },
		stdio: ['ignore', 'pipe', 'pipe'],
		timeout: 600_000,
	});
	if (r.status !== 0) throw new Error(`npm install ${path.basename(tarball)} in ${nodesDir} failed (${r.status ?? r.signal}):\n${lib.tail(r.stdout + r.stderr)}`);
	return path.join(nodesDir, 'node_modules', PACKAGE_NAME);
}

export interface PackageInspection {
	nodes: Array<{ file: string; name: string; icons: Record<string, boolean> }>;
	credentials: Array<{ file: string; name: string; icons: Record<string, boolean> }>;
	/** what the package's modules required from outside the package */
	externals: string[];
	nodePath: string;
}

/**
 * Loads the installed package the way n8n's PackageDirectoryLoader does (class named
 * after each file listed in package.json "n8n"), with NODE_PATH set exactly as
 * LoadNodesAndCredentials.init() sets it (module.paths of n8n's dist folder), in
 * n8n's Node. Reports type names, whether each icon file exists, and where the
 * package's imports (n8n-workflow, zod) resolved.
 */
export function inspectPackage(pkgDir: string): PackageInspection {
	const rt = lib.n8nRuntime();
	const script = `
		const Module = require('node:module'); const path = require('node:path'); const fs = require('node:fs');
		const [pkgDir, n8nDist] = process.argv.slice(1);
		process.env.NODE_PATH = Module._nodeModulePaths(n8nDist).join(path.delimiter);
		Module._initPaths();
		const pj = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
		const icons = (file, icon) => {
			const out = {};
			for (const v of typeof icon === 'string' ? [icon] : Object.values(icon || {}))
				if (String(v).startsWith('file:')) out[v] = fs.existsSync(path.resolve(path.dirname(file), v.slice(5)));
			return out;
		};
		const load = (rel, suffix) => {
			const file = path.join(pkgDir, rel);
			const cls = require(file)[path.basename(file, suffix)];
			const t = new cls();
			const d = t.description ?? t.nodeVersions?.[t.currentVersion]?.description ?? t;
			return { file: rel, name: d.name ?? t.name, icons: icons(file, d.icon ?? t.icon) };
		};
		const nodes = (pj.n8n.nodes || []).map((f) => load(f, '.node.js'));
		const credentials = (pj.n8n.credentials || []).map((f) => load(f, '.credentials.js'));
		const externals = new Set();
		for (const m of Object.values(require.cache))
			if (m.filename.startsWith(pkgDir + path.sep))
				for (const c of m.children) if (!c.filename.startsWith(pkgDir + path.sep)) externals.add(c.filename);
		process.stdout.write(JSON.stringify({ nodes, credentials, externals: [...externals], nodePath: process.env.NODE_PATH }));`;
	const out = childProcess.execFileSync(path.join(rt.nodeBin, 'node'), ['-e', script, pkgDir, path.join(rt.n8nDir, 'dist')], {
		encoding: 'utf8',
		env: { PATH: env.PATH },
	});
	return JSON.parse(out);
}
