// The TCP stream splitter: frames (LF … CR) come out whole and in order however the stream is cut into
// segments, with noise between them dropped and counted; a frame longer than DC-09 allows is dropped.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { FrameSplitter, MAX_FRAME_BYTES } from '../../src/protocols/sia/receiver/frame-splitter.js';

/** A frame: LF, printable ASCII without LF or CR, CR. */
const frame = fc
  .array(fc.integer({ min: 0x20, max: 0x7e }), { minLength: 0, maxLength: 300 })
  .map((codes) => `\n${String.fromCharCode(...codes)}\r`);
/** Noise between frames: anything but LF (a CR alone is noise too). */
const noise = fc
  .array(
    fc.integer({ min: 0, max: 255 }).filter((b) => b !== 0x0a),
    { maxLength: 40 },
  )
  .map((bytes) => Buffer.from(bytes));

test('any cut of noise and frames gives back the frames, whole and in order', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(noise, frame), { minLength: 1, maxLength: 10 }),
      fc.array(fc.nat(), { maxLength: 20 }),
      (parts, cutsRaw) => {
        const stream = Buffer.concat(parts.flatMap(([n, f]) => [n, Buffer.from(f, 'latin1')]));
        const cuts = [...new Set(cutsRaw.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
        const splitter = new FrameSplitter();
        const out: string[] = [];
        let from = 0;
        for (const cut of [...cuts, stream.length]) {
          out.push(...splitter.push(stream.subarray(from, cut)).map((b) => b.toString('latin1')));
          from = cut;
        }
        assert.deepEqual(
          out,
          parts.map(([, f]) => f),
        );
        assert.equal(
          splitter.dropped,
          parts.reduce((sum, [n]) => sum + n.length, 0),
        );
        assert.equal(splitter.buffered, 0);
      },
    ),
  );
});

test('an LF before the CR starts the frame again; a frame too long is dropped, the next one kept', () => {
  const splitter = new FrameSplitter();
  assert.deepEqual(
    splitter.push(Buffer.from('\nhalf\nwhole\r')).map((b) => b.toString()),
    ['\nwhole\r'],
  );
  assert.equal(splitter.dropped, 5);
  const long = `\n${'x'.repeat(MAX_FRAME_BYTES)}`;
  assert.deepEqual(splitter.push(Buffer.from(long)), []);
  assert.equal(splitter.buffered, 0, 'nothing kept past the longest frame');
  assert.deepEqual(
    splitter.push(Buffer.from('more of it\r\nnext\r')).map((b) => b.toString()),
    ['\nnext\r'],
  );
});
