// @ts-check
'use strict';

const fs = require('fs');
const path = require('path');
const { Readable } = require('stream');

/**
 * Result videos. The base is a real tiny MP4 (1 s, 64x64, H.264, moov first).
 * A larger result is that file followed by one top-level MP4 `free` box padded
 * with zeros to the requested size, so it stays a valid MP4 that players accept.
 * It is generated while streaming: nothing close to its size is held in memory.
 */

const SAMPLE_PATH = path.join(__dirname, '..', 'fixtures', 'sample.mp4');
const SAMPLE = fs.readFileSync(SAMPLE_PATH);
const CHUNK = 64 * 1024;
const ZEROS = Buffer.alloc(CHUNK);
const MAX_32 = 0xffffffff;

/** Smallest total size accepted, besides exactly the sample size. */
const MIN_PADDED = SAMPLE.length + 8;

/**
 * Throws if `total` cannot be made: the free box needs at least its 8-byte header.
 * @param {number} total
 */
function checkResultSize(total) {
	if (!Number.isSafeInteger(total) || total < SAMPLE.length) {
		throw new RangeError(`resultBytes must be an integer >= ${SAMPLE.length}`);
	}
	if (total !== SAMPLE.length && total < MIN_PADDED) {
		throw new RangeError(`resultBytes must be ${SAMPLE.length} or >= ${MIN_PADDED}`);
	}
}

/**
 * The free box header for `padding` bytes (header included).
 * Over 4 GiB - 1 it takes the 16-byte form: size 1 then a 64-bit largesize.
 * @param {number} padding
 */
function freeHeader(padding) {
	if (padding <= MAX_32) {
		const h = Buffer.alloc(8);
		h.writeUInt32BE(padding, 0);
		h.write('free', 4, 'latin1');
		return h;
	}
	const h = Buffer.alloc(16);
	h.writeUInt32BE(1, 0);
	h.write('free', 4, 'latin1');
	h.writeBigUInt64BE(BigInt(padding), 8);
	return h;
}

/**
 * The bytes [start, end] (inclusive) of a result of `total` bytes, as a stream.
 * @param {number} [total]  default: the bare sample
 * @param {number} [start]
 * @param {number} [end]
 * @returns {Readable}
 */
function createResultStream(total = SAMPLE.length, start = 0, end = total - 1) {
	checkResultSize(total);
	const head = total === SAMPLE.length ? SAMPLE : Buffer.concat([SAMPLE, freeHeader(total - SAMPLE.length)]);
	let pos = start;
	const last = Math.min(end, total - 1);
	return new Readable({
		highWaterMark: CHUNK,
		read() {
			// Push one chunk per call so back-pressure keeps memory flat.
			if (pos > last) {
				this.push(null);
				return;
			}
			let chunk;
			if (pos < head.length) {
				chunk = head.subarray(pos, Math.min(head.length, last + 1));
			} else {
				chunk = ZEROS.subarray(0, Math.min(CHUNK, last + 1 - pos));
			}
			pos += chunk.length;
			this.push(chunk);
		},
	});
}

module.exports = { createResultStream, checkResultSize, freeHeader, SAMPLE, SAMPLE_PATH, MIN_PADDED };
