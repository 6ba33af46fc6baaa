// The TypeScript side of the driver's line protocol: requests are single lines, responses are checked before use.
import { describe, expect, it } from 'vitest';
import { encodeRequest, parseResponseLine } from '../../../systems/kafka/java-client/protocol.ts';

describe('encodeRequest', () => {
  it('writes one line, whatever the values contain', () => {
    const line = encodeRequest({ id: 3, op: 'producer.send', args: { handle: 'producer-1', topic: 't', value: 'a\nb\u2028c"' } });
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({ id: 3, op: 'producer.send', args: { handle: 'producer-1', topic: 't', value: 'a\nb\u2028c"' } });
  });
});

describe('parseResponseLine', () => {
  it('reads results and errors', () => {
    expect(parseResponseLine('{"id":1,"ok":true,"result":{"offset":5}}')).toEqual({ id: 1, ok: true, result: { offset: 5 } });
    const error = {
      class: 'org.apache.kafka.common.errors.NotLeaderOrFollowerException',
      message: 'm',
      causeChain: [],
      kafkaError: 'NOT_LEADER_OR_FOLLOWER',
      outcome: 'info',
    };
    expect(parseResponseLine(JSON.stringify({ id: 2, ok: false, error }))).toEqual({ id: 2, ok: false, error });
    expect(
      parseResponseLine('{"id":null,"ok":false,"error":{"class":"faultline.driver.protocol.BadRequest","message":"not JSON","causeChain":[],"outcome":"fail"}}')
        .id,
    ).toBeNull();
  });

  it('refuses lines that are not responses', () => {
    expect(() => parseResponseLine('SLF4J: Failed to load class')).toThrow(/not JSON/);
    expect(() => parseResponseLine('[1,2]')).toThrow(/not a response/);
    expect(() => parseResponseLine('{"id":{},"ok":true}')).toThrow(/bad id/);
    expect(() => parseResponseLine('{"id":1,"ok":false,"error":{"class":"x","message":"y","causeChain":[],"outcome":"maybe"}}')).toThrow(/error object/);
    expect(() => parseResponseLine('{"id":1,"ok":false}')).toThrow(/error object/);
  });
});
