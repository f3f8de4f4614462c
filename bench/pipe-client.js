// Reference downloads for the memory phase, run on n8n's own Node 24 in a process of their
// own: the same HTTP stream from the simulator written to disk
//   pipe  plain Node: http.get → res.pipe(fs.createWriteStream)
//   n8n   n8n's own code without n8n around it: @n8n/backend-network's httpRequest
//         ({encoding: 'stream'}, what ctx.helpers.httpRequest runs) into
//         @n8n/blob-storage's FsByteStore.write (what filesystem binary mode runs)
// usage: node pipe-client.js <pipe|n8n> <url> <dir> <n8n node_modules>
// Prints {startedAt, endedAt, bytes} as JSON; waits 1.5 s before (the baseline) and 0.5 s after.
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const [variant, url, dir, modules] = process.argv.slice(2);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
	const file = path.join(dir, `ref-${variant}-${process.pid}.bin`);
	let download;
	if (variant === 'pipe') {
		download = () =>
			new Promise((resolve, reject) =>
				http
					.get(url, (res) => {
						const out = fs.createWriteStream(file);
						res.pipe(out);
						out.on('finish', resolve).on('error', reject);
					})
					.on('error', reject),
			);
	} else {
		const { httpRequest } = require(path.join(modules, '@n8n/backend-network/dist/http/axios/request.js'));
		const { FsByteStore } = require(path.join(modules, '@n8n/blob-storage/dist/fs-byte-store.js'));
		const store = new FsByteStore({ storagePath: dir, reportError: (e) => console.error(e) });
		download = async () => {
			const stream = await httpRequest({ method: 'GET', url, encoding: 'stream', timeout: 600_000 });
			await store.write(path.basename(file), stream);
		};
	}
	await sleep(1500);
	const startedAt = Date.now();
	await download();
	const endedAt = Date.now();
	const bytes = fs.statSync(file).size;
	fs.rmSync(file, { force: true });
	await sleep(500);
	process.stdout.write(JSON.stringify({ startedAt, endedAt, bytes }));
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
