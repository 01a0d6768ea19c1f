// Draws the app icon (layered strata bands with a trace across them) into build/resources/icon.png.
// Written by hand with zlib so the icon is reproducible without an image tool: node build/make-icon.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const S = 512;
const px = Buffer.alloc(S * (S * 4 + 1));
const bands = [[0x1e, 0x3a, 0x5f], [0x2f, 0x6f, 0xdf], [0x4f, 0x9b, 0xe8], [0x8c, 0xc4, 0xf2], [0xd6, 0xea, 0xfb]];
for (let y = 0; y < S; y++) {
  px[y * (S * 4 + 1)] = 0;
  for (let x = 0; x < S; x++) {
    const o = y * (S * 4 + 1) + 1 + x * 4;
    const r = 96;
    const dx = Math.max(r - x, x - (S - 1 - r), 0);
    const dy = Math.max(r - y, y - (S - 1 - r), 0);
    const inside = dx * dx + dy * dy <= r * r;
    const wave = Math.sin((x / S) * Math.PI * 2) * 18;
    const band = Math.min(bands.length - 1, Math.max(0, Math.floor(((y + wave) / S) * bands.length)));
    const trace = Math.abs(y - (S * 0.55 - Math.sin((x / S) * Math.PI * 3) * S * 0.18 - (x > S * 0.6 && x < S * 0.64 ? S * 0.25 : 0))) < 9;
    const [cr, cg, cb] = trace ? [0xff, 0x9f, 0x1c] : bands[band];
    px[o] = cr;
    px[o + 1] = cg;
    px[o + 2] = cb;
    px[o + 3] = inside ? 255 : 0;
  }
}
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const c = Buffer.alloc(4);
  c.writeUInt32BE(crc(td));
  return Buffer.concat([len, td, c]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(S, 0);
ihdr.writeUInt32BE(S, 4);
ihdr.set([8, 6, 0, 0, 0], 8);
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(px, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
writeFileSync(new URL('./resources/icon.png', import.meta.url), png);
