import { expect } from 'chai';
import { ByteCache } from '../../src/publish/cache.js';

describe('The byte-bounded cache of made resources', () => {
  it('holds no more bytes than its limit, forgetting the least recently used first', () => {
    const cache = new ByteCache<string, string>(100);
    cache.set('a', 'A', 40);
    cache.set('b', 'B', 40);
    expect(cache.get('a')).to.equal('A'); // a is now the most recently used
    cache.set('c', 'C', 40);
    expect(cache.get('b')).to.equal(undefined);
    expect(cache.get('a')).to.equal('A');
    expect(cache.get('c')).to.equal('C');
    expect(cache.size).to.equal(80);
  });

  it('does not keep a value larger than the whole limit, and keeps what it had', () => {
    const cache = new ByteCache<string, string>(100);
    cache.set('a', 'A', 60);
    cache.set('huge', 'H', 101);
    expect(cache.get('huge')).to.equal(undefined);
    expect(cache.get('a')).to.equal('A');
  });

  it('counts a replaced value once', () => {
    const cache = new ByteCache<string, string>(100);
    cache.set('a', 'A', 60);
    cache.set('a', 'A2', 70);
    expect(cache.size).to.equal(70);
    expect(cache.count).to.equal(1);
  });
});
