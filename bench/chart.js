// A small PNG bar chart with no dependencies (zlib from Node, a 5x7 bitmap font):
// wall time per approach and N, on a log scale. Used by run.js for bench/results.png.
'use strict';
const fs = require('node:fs');
const zlib = require('node:zlib');

// 5x7 glyphs, one string of 7 rows; '#' = ink.
const FONT = {
	'0': ' ### #   ##  ### # ###  ##   # ### ', '1': '  #   ##    #    #    #    #   ### ', '2': ' ### #   #    #   #   #   #   #####',
	'3': '#####   #   #     #     ##   # ### ', '4': '   #   ##  # # #  # #####   #    # ', '5': '######    ####     #    ##   # ### ',
	'6': '  ##  #   #    #### #   ##   # ### ', '7': '#####    #   #   #   #    #    #   ', '8': ' ### #   ##   # ### #   ##   # ### ',
	'9': ' ### #   ##   # ####    #   #  ##  ', A: ' ### #   ##   #######   ##   ##   #', B: '#### #   ##   ##### #   ##   ##### ',
	C: ' ### #   ##    #    #    #   # ### ', D: '###  #  # #   ##   ##   ##  # ###  ', E: '######    #    #### #    #    #####',
	F: '######    #    #### #    #    #    ', G: ' ### #   ##    # ####   ##   # ####', H: '#   ##   ##   #######   ##   ##   #',
	I: ' ###   #    #    #    #    #   ### ', J: '  ###   #    #    #    # #  #  ##  ', K: '#   ##  # # #  ##   # #  #  # #   #',
	L: '#    #    #    #    #    #    #####', M: '#   ### ### # ## # ##   ##   ##   #', N: '#   ##   ###  ## # ##  ###   ##   #',
	O: ' ### #   ##   ##   ##   ##   # ### ', P: '#### #   ##   ##### #    #    #    ', Q: ' ### #   ##   ##   ## # ##  #  ## #',
	R: '#### #   ##   ##### # #  #  # #   #', S: ' #####    #     ###     #    ##### ', T: '#####  #    #    #    #    #    #  ',
	U: '#   ##   ##   ##   ##   ##   # ### ', V: '#   ##   ##   ##   ##   # # #   #  ', W: '#   ##   ##   ## # ## # ## # # # # ',
	X: '#   ##   # # #   #   # # #   ##   #', Y: '#   ##   # # #   #    #    #    #  ', Z: '#####    #   #   #   #   #    #####',
	' ': '                                   ', '.': '                          ##   ##  ', '=': '          #####     #####          ',
	'(': '   #   #   #    #    #     #     # ', ')': ' #     #     #    #    #   #   #   ', '/': '        #   #   #   #   #          ',
	'-': '               #####               ', ':': '      ##   ##         ##   ##      ', '~': '          #   # # # #   #          ',
	',': '                     ##    #   #   ', '+': '       #    #  #####  #    #       ',
};

function crc32(buf) {
	let c = ~0;
	for (const b of buf) {
		c ^= b;
		for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
	}
	return ~c >>> 0;
}

function png(width, height, rgb) {
	const chunk = (type, data) => {
		const len = Buffer.alloc(4);
		len.writeUInt32BE(data.length);
		const td = Buffer.concat([Buffer.from(type), data]);
		const crc = Buffer.alloc(4);
		crc.writeUInt32BE(crc32(td));
		return Buffer.concat([len, td, crc]);
	};
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr[8] = 8; // bit depth
	ihdr[9] = 2; // RGB
	const raw = Buffer.alloc((width * 3 + 1) * height);
	for (let y = 0; y < height; y++) rgb.copy(raw, y * (width * 3 + 1) + 1, y * width * 3, (y + 1) * width * 3);
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', ihdr),
		chunk('IDAT', zlib.deflateSync(raw)),
		chunk('IEND', Buffer.alloc(0)),
	]);
}

class Canvas {
	constructor(w, h) {
		this.w = w;
		this.h = h;
		this.px = Buffer.alloc(w * h * 3, 255);
	}
	rect(x, y, w, h, [r, g, b]) {
		for (let j = Math.max(0, Math.round(y)); j < Math.min(this.h, Math.round(y + h)); j++)
			for (let i = Math.max(0, Math.round(x)); i < Math.min(this.w, Math.round(x + w)); i++) {
				const o = (j * this.w + i) * 3;
				this.px[o] = r;
				this.px[o + 1] = g;
				this.px[o + 2] = b;
			}
	}
	text(x, y, s, color = [30, 30, 30], scale = 2) {
		for (const ch of String(s).toUpperCase()) {
			const g = FONT[ch] ?? FONT[' '];
			for (let row = 0; row < 7; row++) for (let col = 0; col < 5; col++) if (g[row * 5 + col] === '#') this.rect(x + col * scale, y + row * scale, scale, scale, color);
			x += 6 * scale;
		}
		return x;
	}
	textWidth(s, scale = 2) {
		return String(s).length * 6 * scale;
	}
}

/**
 * @param {string} file
 * @param {{ title: string, groups: Array<{ label: string, bars: Array<{ label: string, value: number, note?: string, color: number[] }> }>, budget?: { label: string, value: number } }} spec
 *   values in seconds, drawn on a log scale
 */
function barChart(file, spec) {
	const rowH = 24;
	const rows = spec.groups.reduce((n, g) => n + g.bars.length + 1, 0);
	const W = 980;
	const left = 300;
	const right = 120;
	const top = 50;
	const H = top + rows * rowH + 50;
	const c = new Canvas(W, H);
	c.text(16, 14, spec.title, [0, 0, 0], 2);
	const values = spec.groups.flatMap((g) => g.bars.map((b) => b.value));
	const lo = 1;
	const hi = 10 ** Math.ceil(Math.log10(Math.max(...values, 10)));
	const X = (v) => left + ((Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * (W - left - right);
	// grid: 1, 10, 100, 1000 s
	for (let v = lo; v <= hi; v *= 10) {
		c.rect(X(v), top - 4, 1, rows * rowH + 8, [210, 210, 210]);
		c.text(X(v) - c.textWidth(`${v}S`, 1) / 2, top + rows * rowH + 10, `${v}S`, [90, 90, 90], 1);
	}
	let y = top;
	for (const g of spec.groups) {
		c.text(16, y + 6, g.label, [0, 0, 0], 2);
		y += rowH;
		for (const b of g.bars) {
			c.text(40, y + 6, b.label, [60, 60, 60], 1);
			c.rect(left, y + 3, X(b.value) - left, rowH - 8, b.color);
			c.text(X(b.value) + 6, y + 6, `${b.value.toFixed(1)}S${b.note ? ` ${b.note}` : ''}`, [30, 30, 30], 1);
			y += rowH;
		}
	}
	c.text(16, H - 22, 'WALL TIME, LOG SCALE. ~ = EXTRAPOLATED', [90, 90, 90], 1);
	fs.writeFileSync(file, png(W, H, c.px));
}

module.exports = { barChart };
