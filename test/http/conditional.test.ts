import { expect } from 'chai';
import { notModified } from '../../src/http/conditional.js';

const lastModified = 'Sun, 06 Dec 2026 10:00:00 GMT';
const current = { etags: ['"b"', '"b-gz"'], lastModified };

describe('Conditional requests', () => {
  it('take If-None-Match lists, the weak form, * and the tag of any coding of the answer', () => {
    expect(notModified({ 'if-none-match': '"a", "b"' }, current)).to.equal(true);
    expect(notModified({ 'if-none-match': 'W/"b"' }, current)).to.equal(true);
    expect(notModified({ 'if-none-match': '*' }, current)).to.equal(true);
    expect(notModified({ 'if-none-match': '"b-gz"' }, current)).to.equal(true);
    expect(notModified({ 'if-none-match': '"a"' }, current)).to.equal(false);
    expect(notModified({}, current)).to.equal(false);
  });

  it('compare If-Modified-Since with Last-Modified, unless If-None-Match is present', () => {
    expect(notModified({ 'if-modified-since': lastModified }, current)).to.equal(true);
    expect(notModified({ 'if-modified-since': 'Sun, 06 Dec 2026 10:00:01 GMT' }, current)).to.equal(true);
    expect(notModified({ 'if-modified-since': 'Sun, 06 Dec 2026 09:59:59 GMT' }, current)).to.equal(false);
    expect(notModified({ 'if-modified-since': 'yesterday-ish' }, current)).to.equal(false);
    expect(notModified({ 'if-modified-since': lastModified, 'if-none-match': '"other"' }, current)).to.equal(false);
    expect(notModified({ 'if-modified-since': lastModified }, { etags: ['"b"'] }), 'an answer without a date').to.equal(false);
  });

  it('give the whole answer to a client that asks for it with Cache-Control: no-cache, as Express does', () => {
    expect(notModified({ 'if-none-match': '"b"', 'cache-control': 'no-cache' }, current)).to.equal(false);
  });
});
