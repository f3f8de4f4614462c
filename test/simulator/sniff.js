// @ts-check
'use strict';

/**
 * The Files API's MIME allow-list and magic-byte checks (evolink-platform.md §9):
 * image jpeg/png/gif/webp; audio mpeg/wav/flac/aac/ogg/mp4 (m4a)/x-ms-wma/opus/amr;
 * video mp4/quicktime/x-msvideo/x-matroska/webm/x-flv/x-ms-wmv/mp2t/3gpp.
 * Only the first HEAD_BYTES of a file are looked at.
 */

const HEAD_BYTES = 4096;

/** @param {Buffer} b @param {number} off @param {string} s */
const at = (b, off, s) => b.length >= off + s.length && b.toString('latin1', off, off + s.length) === s;
const ASF = Buffer.from('3026b2758e66cf11a6d900aa0062ce6c', 'hex');
const EBML = Buffer.from('1a45dfa3', 'hex');

/** @param {Buffer} b @param {string} form */
const riff = (b, form) => at(b, 0, 'RIFF') && at(b, 8, form);
/** @param {Buffer} b ISO base media (MP4, MOV, 3GP, M4A) */
const ftyp = (b) => at(b, 4, 'ftyp');
/** @param {Buffer} b older QuickTime files start with another atom */
const qtAtom = (b) => ftyp(b) || ['moov', 'mdat', 'wide', 'free', 'skip', 'pnot'].some((a) => at(b, 4, a));
/** @param {Buffer} b MPEG audio frame sync, layer I-III (layer bits 00 is AAC's ADTS) */
const mpegFrame = (b) => b.length >= 2 && b[0] === 0xff && (b[1] & 0xe0) === 0xe0 && ((b[1] >> 1) & 3) !== 0;
/** @param {Buffer} b */
const adts = (b) => b.length >= 2 && b[0] === 0xff && (b[1] & 0xf6) === 0xf0;
/** @param {Buffer} b */
const ogg = (b) => at(b, 0, 'OggS');
/**
 * MPEG-TS: 188-byte packets that each start with the sync byte 0x47 ('G' alone would match
 * a GIF): at least one whole packet, and the sync byte at the start of the next ones seen.
 * @param {Buffer} b
 */
const mp2t = (b) => b.length >= 188 && [0, 188, 376].every((o) => o >= b.length || b[o] === 0x47);

/** @type {Record<string, (b: Buffer) => boolean>} */
const SIGNATURES = {
	'image/jpeg': (b) => b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
	'image/png': (b) => at(b, 0, '\x89PNG\r\n\x1a\n'),
	'image/gif': (b) => at(b, 0, 'GIF87a') || at(b, 0, 'GIF89a'),
	'image/webp': (b) => riff(b, 'WEBP'),
	'audio/mpeg': (b) => at(b, 0, 'ID3') || mpegFrame(b),
	'audio/wav': (b) => riff(b, 'WAVE'),
	'audio/flac': (b) => at(b, 0, 'fLaC'),
	'audio/aac': adts,
	'audio/ogg': ogg,
	'audio/mp4': ftyp,
	'audio/x-ms-wma': (b) => b.subarray(0, 16).equals(ASF),
	'audio/opus': (b) => ogg(b) && b.includes('OpusHead', 0, 'latin1'),
	'audio/amr': (b) => at(b, 0, '#!AMR'),
	'video/mp4': ftyp,
	'video/quicktime': qtAtom,
	'video/x-msvideo': (b) => riff(b, 'AVI '),
	'video/x-matroska': (b) => b.subarray(0, 4).equals(EBML),
	'video/webm': (b) => b.subarray(0, 4).equals(EBML),
	'video/x-flv': (b) => at(b, 0, 'FLV'),
	'video/x-ms-wmv': (b) => b.subarray(0, 16).equals(ASF),
	'video/mp2t': mp2t,
	'video/3gpp': ftyp,
};

const ALLOWED = Object.keys(SIGNATURES);

/** Extension for generated file names. */
/** @type {Record<string, string>} */
const EXT = {
	'image/jpeg': 'jpg', 'image/png': 'png', 'image/gif': 'gif', 'image/webp': 'webp',
	'audio/mpeg': 'mp3', 'audio/wav': 'wav', 'audio/flac': 'flac', 'audio/aac': 'aac', 'audio/ogg': 'ogg',
	'audio/mp4': 'm4a', 'audio/x-ms-wma': 'wma', 'audio/opus': 'opus', 'audio/amr': 'amr',
	'video/mp4': 'mp4', 'video/quicktime': 'mov', 'video/x-msvideo': 'avi', 'video/x-matroska': 'mkv',
	'video/webm': 'webm', 'video/x-flv': 'flv', 'video/x-ms-wmv': 'wmv', 'video/mp2t': 'ts', 'video/3gpp': '3gp',
};

/** "Image/PNG; charset=x" -> "image/png"; '' when absent. @param {unknown} v */
const normalizeMime = (v) => (typeof v === 'string' ? v.split(';')[0].trim().toLowerCase() : '');

/** @param {string} mime */
const isAllowed = (mime) => ALLOWED.includes(mime);

/** Does the content start the way `mime` files do? @param {string} mime @param {Buffer} head */
const matches = (mime, head) => !!SIGNATURES[mime] && SIGNATURES[mime](head);

/**
 * The allowed type the content looks like, or null (for uploads that declare no type).
 * @param {Buffer} b @returns {string | null}
 */
function detect(b) {
	if (SIGNATURES['image/jpeg'](b)) return 'image/jpeg';
	if (SIGNATURES['image/png'](b)) return 'image/png';
	if (SIGNATURES['image/gif'](b)) return 'image/gif';
	if (riff(b, 'WEBP')) return 'image/webp';
	if (riff(b, 'WAVE')) return 'audio/wav';
	if (riff(b, 'AVI ')) return 'video/x-msvideo';
	if (at(b, 0, 'fLaC')) return 'audio/flac';
	if (SIGNATURES['audio/opus'](b)) return 'audio/opus';
	if (ogg(b)) return 'audio/ogg';
	if (at(b, 0, '#!AMR')) return 'audio/amr';
	if (b.subarray(0, 16).equals(ASF)) return 'video/x-ms-wmv';
	if (b.subarray(0, 4).equals(EBML)) return b.includes('webm', 0, 'latin1') ? 'video/webm' : 'video/x-matroska';
	if (at(b, 0, 'FLV')) return 'video/x-flv';
	if (ftyp(b)) {
		const brand = b.toString('latin1', 8, 12);
		if (brand === 'qt  ') return 'video/quicktime';
		if (brand.startsWith('3g')) return 'video/3gpp';
		if (brand === 'M4A ' || brand === 'M4B ') return 'audio/mp4';
		return 'video/mp4';
	}
	if (qtAtom(b)) return 'video/quicktime';
	if (at(b, 0, 'ID3') || mpegFrame(b)) return 'audio/mpeg';
	if (adts(b)) return 'audio/aac';
	if (mp2t(b)) return 'video/mp2t';
	return null;
}

module.exports = { ALLOWED, EXT, HEAD_BYTES, normalizeMime, isAllowed, matches, detect };
