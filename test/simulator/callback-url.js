// @ts-check
'use strict';

const net = require('net');

/**
 * The docs: callback_url is HTTPS only, at most 2048 characters, and internal
 * addresses (127.0.0.1, 10.x, 172.16-31.x, 192.168.x, "etc.") are refused.
 * Host names are judged by their literal text only (no DNS lookup): a name that
 * resolves to a private address is accepted, as we cannot know better offline.
 */

/** @param {string} ip */
function isInternalIPv4(ip) {
	const p = ip.split('.').map(Number);
	if (p.length !== 4 || p.some((n) => !Number.isInteger(n) || n < 0 || n > 255)) return false;
	const [a, b] = p;
	return (
		a === 0 || // "this network", 0.0.0.0
		a === 10 ||
		a === 127 ||
		(a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT
		(a === 169 && b === 254) || // link-local, cloud metadata
		(a === 172 && b >= 16 && b <= 31) ||
		(a === 192 && b === 168)
	);
}

/** @param {string} ip */
function isInternalIPv6(ip) {
	const s = ip.toLowerCase();
	if (s === '::' || s === '::1') return true;
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(s);
	if (mapped) return isInternalIPv4(mapped[1]);
	if (/^::ffff:[0-9a-f]{1,4}:[0-9a-f]{1,4}$/.test(s)) return true; // mapped, hex form: refuse to be safe
	return /^f[cd]/.test(s) || /^fe[89ab]/.test(s); // unique-local fc00::/7, link-local fe80::/10
}

/** @param {string} host  URL hostname (IPv6 without brackets) */
function isInternalHost(host) {
	const h = host.toLowerCase().replace(/\.$/, '');
	if (h === 'localhost' || h.endsWith('.localhost')) return true;
	if (net.isIPv4(h)) return isInternalIPv4(h);
	if (net.isIPv6(h)) return isInternalIPv6(h);
	return false;
}

/**
 * @param {unknown} value
 * @param {boolean} allowInsecure  tests: allow http:// and loopback/private hosts
 * @returns {string | null}  error message, or null when acceptable
 */
function checkCallbackUrl(value, allowInsecure) {
	if (typeof value !== 'string') return 'callback_url must be a string';
	if (value.length === 0) return 'callback_url must not be empty';
	if (value.length > 2048) return 'callback_url must be at most 2048 characters';
	/** @type {URL} */
	let u;
	try {
		u = new URL(value);
	} catch {
		return 'callback_url must be a valid URI';
	}
	if (u.protocol !== 'https:' && !(allowInsecure && u.protocol === 'http:')) {
		return 'callback_url must use HTTPS';
	}
	const host = u.hostname.replace(/^\[|\]$/g, '');
	if (!host) return 'callback_url must have a host';
	if (!allowInsecure && isInternalHost(host)) return 'callback_url must not point to an internal address';
	return null;
}

module.exports = { checkCallbackUrl, isInternalHost };
