// @ts-check
'use strict';

const { normalizeMime, isAllowed, matches, detect } = require('./sniff');

/**
 * The Files API's rules for what it stores (evolink-platform.md §9): destination names,
 * the MIME type (declared, checked against the content), and the upload counters.
 */

class UploadError extends Error {
	/** @param {number} status @param {string} message */
	constructor(status, message) {
		super(message);
		this.status = status;
	}
}

function newFileCounters() {
	const ep = () => ({ count: 0, bytes: 0, refused: 0 });
	return { requests: 0, count: 0, bytes: 0, refused: 0, stream: ep(), base64: ep(), url: ep() };
}
/** @typedef {ReturnType<typeof newFileCounters>} FileCounters */

/**
 * upload_path: relative, at most 256 characters, no ".."; file_name: at most 255, no path
 * separators. Empty values count as absent (as the vendor client sends them).
 * @param {unknown} uploadPath @param {unknown} fileName @param {[string, string]} names  field names for messages
 */
function destination(uploadPath, fileName, names) {
	const [up, fn] = names;
	if (uploadPath !== undefined && typeof uploadPath !== 'string') throw new UploadError(400, `${up} must be a string`);
	if (fileName !== undefined && typeof fileName !== 'string') throw new UploadError(400, `${fn} must be a string`);
	if (uploadPath) {
		if (uploadPath.length > 256) throw new UploadError(400, `${up} must be at most 256 characters`);
		if (/^([\\/]|[A-Za-z]:)/.test(uploadPath) || uploadPath.split(/[\\/]+/).includes('..')) {
			throw new UploadError(400, `${up} must be a relative path without ".."`);
		}
	}
	if (fileName) {
		if (fileName.length > 255) throw new UploadError(400, `${fn} must be at most 255 characters`);
		if (/[\\/\0]/.test(fileName) || fileName === '.' || fileName === '..') throw new UploadError(400, `${fn} must be a plain file name`);
	}
	return { uploadPath: uploadPath || '', fileName: fileName || undefined };
}

/**
 * The type to store: the declared one if it is allowed and the content matches it; for
 * uploads that declare nothing (or application/octet-stream), what the content looks like.
 * @param {string | undefined} declared @param {Buffer} head
 */
function resolveMime(declared, head) {
	const d = normalizeMime(declared);
	if (!d || d === 'application/octet-stream') {
		const found = detect(head);
		if (!found) throw new UploadError(415, 'Unsupported file type: only the allowed image, audio and video types can be uploaded');
		return found;
	}
	if (!isAllowed(d)) throw new UploadError(415, `File type ${d} is not allowed`);
	if (!matches(d, head)) throw new UploadError(400, `The file content does not match its declared type ${d}`);
	return d;
}

module.exports = { UploadError, destination, resolveMime, newFileCounters };
