import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { NotUtf8, StrictUtf8Decoder } from '../../../pipeline/extract/strictUtf8.ts';

async function decode(chunks: Buffer[]): Promise<{ text: string; decoder: StrictUtf8Decoder }> {
  const decoder = new StrictUtf8Decoder();
  let text = '';
  for await (const part of Readable.from(chunks).pipe(decoder)) text += part;
  return { text, decoder };
}

describe('StrictUtf8Decoder', () => {
  it('decodes characters split across chunks, drops a BOM and hashes every byte', async () => {
    const bytes = Buffer.from('\uFEFFname,région\n1,Ystradgynlais — Cymru\n', 'utf8');
    const chunks = [...bytes].map((b) => Buffer.from([b])); // one byte at a time
    const { text, decoder } = await decode(chunks);
    expect(text).toBe('name,région\n1,Ystradgynlais — Cymru\n');
    expect(decoder.digest()).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('fails at the line and character of the first byte that is not UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from('a,b\nc,d\nef,Jos'), Buffer.from([0xe9]), Buffer.from(',x\n')]);
    await expect(decode([bytes])).rejects.toMatchObject({ name: 'NotUtf8', line: 3, character: 7 });
  });

  it('fails on a truncated sequence at the end of the file', async () => {
    const err = await decode([Buffer.from('ok\n'), Buffer.from([0xe2, 0x82])]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotUtf8);
    expect((err as NotUtf8).line).toBe(2);
  });
});
