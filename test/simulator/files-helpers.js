// @ts-check
'use strict';

/* Shared by files.test.js and files-limits.test.js: sample contents and request builders. */

const { SAMPLE } = require('./mp4');

/** A real 1x1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(64, 1)]);
const ASF = Buffer.from('3026b2758e66cf11a6d900aa0062ce6c', 'hex');
const pad = (/** @type {Buffer | string} */ head, n = 64) => Buffer.concat([Buffer.from(/** @type {any} */ (head), 'latin1'), Buffer.alloc(n, 0)]);
const box = (/** @type {string} */ brand) => pad(Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from(`ftyp${brand}`, 'latin1')]));
const ts = Buffer.alloc(376, 0xff);
ts[0] = 0x47;
ts[188] = 0x47;

/** One content per allowed MIME type (the documented allow-list), starting with its magic bytes. */
const SAMPLES = {
	'image/jpeg': JPEG,
	'image/png': PNG,
	'image/gif': pad('GIF89a\x01\x00\x01\x00'),
	'image/webp': pad('RIFF\x24\x00\x00\x00WEBPVP8 '),
	'audio/mpeg': pad('ID3\x04\x00\x00'),
	'audio/wav': pad('RIFF\x24\x00\x00\x00WAVEfmt '),
	'audio/flac': pad('fLaC\x00\x00\x00\x22'),
	'audio/aac': pad(Buffer.from([0xff, 0xf1, 0x50, 0x80])),
	'audio/ogg': pad('OggS\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x1e\x01vorbis'),
	'audio/mp4': box('M4A '),
	'audio/x-ms-wma': pad(ASF),
	'audio/opus': pad('OggS\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x13OpusHead'),
	'audio/amr': pad('#!AMR\n'),
	'video/mp4': SAMPLE,
	'video/quicktime': box('qt  '),
	'video/x-msvideo': pad('RIFF\x24\x00\x00\x00AVI LIST'),
	'video/x-matroska': pad(Buffer.concat([Buffer.from('1a45dfa3', 'hex'), Buffer.from('\x42\x82\x88matroska', 'latin1')])),
	'video/webm': pad(Buffer.concat([Buffer.from('1a45dfa3', 'hex'), Buffer.from('\x42\x82\x84webm', 'latin1')])),
	'video/x-flv': pad('FLV\x01\x05'),
	'video/x-ms-wmv': pad(ASF),
	'video/mp2t': ts,
	'video/3gpp': box('3gp4'),
};

/**
 * A multipart/form-data body.
 * @param {{name: string, filename?: string, type?: string, data: Buffer | string}[]} parts @param {string} [boundary]
 */
function multipart(parts, boundary = 'sim-test-boundary-7f3a') {
	const chunks = [];
	for (const p of parts) {
		let head = `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"`;
		if (p.filename !== undefined) head += `; filename="${p.filename}"`;
		head += '\r\n';
		if (p.type) head += `Content-Type: ${p.type}\r\n`;
		chunks.push(Buffer.from(`${head}\r\n`), Buffer.from(/** @type {any} */ (p.data)), Buffer.from('\r\n'));
	}
	chunks.push(Buffer.from(`--${boundary}--\r\n`));
	return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/**
 * POSTs to a Files API endpoint.
 * @param {string} base @param {'stream' | 'base64' | 'url'} ep @param {Buffer | string | object} body
 * @param {{key?: string | null, contentType?: string}} [o]
 */
function upload(base, ep, body, o = {}) {
	/** @type {Record<string, string>} */
	const headers = {};
	if (o.key !== null) headers.authorization = `Bearer ${o.key ?? 'sk-evo-sim-0000000000000000'}`;
	const data = Buffer.isBuffer(body) || typeof body === 'string' ? body : JSON.stringify(body);
	headers['content-type'] = o.contentType ?? (ep === 'stream' ? 'multipart/form-data; boundary=sim-test-boundary-7f3a' : 'application/json');
	return fetch(`${base}/api/v1/files/upload/${ep}`, { method: 'POST', headers, body: /** @type {any} */ (data) });
}

/** Stream-uploads one file part. @param {string} base @param {Buffer} data @param {string} [type] @param {string} [filename] @param {{key?: string | null}} [o] */
const streamFile = (base, data, type = 'image/png', filename = 'a.png', o = {}) => upload(base, 'stream', multipart([{ name: 'file', filename, type, data }]).body, o);

module.exports = { PNG, JPEG, SAMPLES, multipart, upload, streamFile };
