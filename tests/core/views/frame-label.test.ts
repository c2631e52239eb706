import { describe, expect, it } from 'vitest';
import {
  computeLabelForms,
  createLabelValueFormatter,
  findNodeByPath,
  muteColor,
  treeFromFolded,
} from '../../../src/core';
import { cutText, fitLabel } from '../../../src/render/text-fit';

/** One cell per character, as a monospace font measures. */
const cells = (text: string) => Array.from(text).length;

describe('computeLabelForms', () => {
  it('shortens the package path first, in the ways each language writes it', () => {
    expect(computeLabelForms('github.com/grafana/pyroscope/pkg/phlaredb.(*Head).Ingest')).toEqual([
      'github.com/grafana/pyroscope/pkg/phlaredb.(*Head).Ingest',
      'phlaredb.(*Head).Ingest',
      '(*Head).Ingest',
      'Ingest',
    ]);
    expect(computeLabelForms('gopkg.in/yaml.v3.(*parser).parse')).toEqual([
      'gopkg.in/yaml.v3.(*parser).parse',
      'yaml.v3.(*parser).parse',
      '(*parser).parse',
      'parse',
    ]);
    expect(computeLabelForms('runtime.mallocgc')).toEqual(['runtime.mallocgc', 'mallocgc']);
    expect(computeLabelForms('org.apache.kafka.clients.NetworkClient.poll')).toEqual([
      'org.apache.kafka.clients.NetworkClient.poll',
      'clients.NetworkClient.poll',
      'NetworkClient.poll',
      'poll',
    ]);
    expect(computeLabelForms('org/apache/kafka/Foo$1.bar')).toEqual([
      'org/apache/kafka/Foo$1.bar',
      'kafka/Foo$1.bar',
      'Foo$1.bar',
      'bar',
    ]);
    expect(computeLabelForms('System.Collections.Generic.List`1.Add')).toEqual([
      'System.Collections.Generic.List`1.Add',
      'Generic.List`1.Add',
      'List`1.Add',
      'Add',
    ]);
    expect(computeLabelForms('std::vector<int>::push_back')).toEqual([
      'std::vector<int>::push_back',
      'vector<int>::push_back',
      'push_back',
    ]);
    expect(computeLabelForms('libjvm.so.Thread::run')).toEqual([
      'libjvm.so.Thread::run',
      'Thread::run',
      'run',
    ]);
  });

  it('ends with the method alone, a closure with the function it is in', () => {
    // A narrow box reads `Run`, not a cut of `(*Runner).Run` such as `(…un`.
    expect(computeLabelForms('exec.(*Runner).Run')).toEqual([
      'exec.(*Runner).Run',
      '(*Runner).Run',
      'Run',
    ]);
    expect(computeLabelForms('engine.(*engineBuild).Run.func2').at(-1)).toBe('Run.func2');
    expect(computeLabelForms('main.main.func1.2')).toEqual(['main.main.func1.2', 'main.func1.2']);
    expect(computeLabelForms('std::map<a::b, c>::find').at(-1)).toBe('find');
  });

  it('leaves names without a package prefix whole', () => {
    for (const name of ['malloc', 'main', '[kernel.kallsyms]', '(garbage collector)', ''])
      expect(computeLabelForms(name)).toEqual([name]);
  });
});

describe('fitLabel and cutText', () => {
  const forms = computeLabelForms('github.com/acme/api/handlers.(*Server).Serve');
  it('takes the longest form that fits, with the value after it when that fits too', () => {
    expect(fitLabel(forms, '12.5 %', 100, cells)).toBe(
      'github.com/acme/api/handlers.(*Server).Serve (12.5 %)',
    );
    expect(fitLabel(forms, '12.5 %', 44, cells)).toBe(
      'github.com/acme/api/handlers.(*Server).Serve',
    );
    expect(fitLabel(forms, '12.5 %', 33, cells)).toBe('handlers.(*Server).Serve (12.5 %)');
    expect(fitLabel(forms, '12.5 %', 20, cells)).toBe('(*Server).Serve');
  });

  it('then the method alone, then cuts it in the middle, never under three characters', () => {
    expect(fitLabel(forms, '', 10, cells)).toBe('Serve');
    expect(fitLabel(forms, '', 4, cells)).toBe('S…ve');
    expect(fitLabel(forms, '', 3, cells)).toBe('');
    const long = computeLabelForms('api.(*Server).HandleRequest');
    expect(fitLabel(long, '', 10, cells)).toBe('Hand…quest');
    expect(fitLabel(long, '', 10, cells, 'right')).toBe('…leRequest');
    expect(cutText('ab', 10, cells)).toBe('');
    expect(cutText('😀😀😀😀😀', 4, cells)).toBe('😀…😀😀');
  });
});

describe('createLabelValueFormatter and muteColor', () => {
  it('writes the share of the whole or the total in the unit', () => {
    const tree = treeFromFolded('main;parse 1500000\nmain;emit 500000\nidle 2000000');
    const parse = findNodeByPath(tree, ['main', 'parse']);
    expect(createLabelValueFormatter(tree, 'share', 'nanoseconds')(parse)).toBe('37.5 %');
    expect(createLabelValueFormatter(tree, 'total', 'nanoseconds')(parse)).toBe('1.5 ms');
    expect(createLabelValueFormatter(tree, 'none', 'nanoseconds')(parse)).toBe('');
  });

  it('keeps the hue, loses half the saturation and a third of the distance to the background', () => {
    // Red: grey 76.245; desaturated (165.62, 38.12, 38.12); towards white by a third.
    expect(muteColor(0xff0000, 0xffffff)).toBe(0xc36e6e);
    expect(muteColor(0x808080, 0x000000)).toBe(0x555555);
  });
});
