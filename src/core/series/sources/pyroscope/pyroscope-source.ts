import { FlamekitError } from '../../../errors';
import { importPprof } from '../../../formats/pprof';
import { formatLabelSelector, parseLabelSelector, type LabelMatcher } from '../../label-matchers';
import { defaultAggregation, niceStep } from '../../series-query';
import type { TimeRange } from '../../series-types';
import type {
  ProfileSource,
  SourceDiff,
  SourceDiffQuery,
  SourceLabelQuery,
  SourceProfile,
  SourceProfileType,
  SourceQuery,
  SourceTotals,
  SourceTotalsQuery,
  SourceTreeQuery,
} from '../profile-source';
import { OTHER_NODE_NAME } from '../tree-cut';
import {
  callConnect,
  type ConnectFetch,
  type ConnectHeaders,
  type ConnectSettings,
} from './connect-client';
import { profileFromFlameGraph } from './flame-graph-profile';
import { encodePprofFromJson } from './pprof-json';
import { parseProfileTypeId, PROFILE_TYPE_LABEL } from './profile-type-id';
import {
  decodeDiffResponse,
  decodeNamesResponse,
  decodeProfileTypesResponse,
  decodeSelectMergeStacktracesResponse,
  decodeSelectSeriesResponse,
  encodeDiffRequest,
  encodeLabelNamesRequest,
  encodeLabelValuesRequest,
  encodeProfileTypesRequest,
  encodeSelectMergeProfileRequest,
  encodeSelectMergeStacktracesRequest,
  encodeSelectSeriesRequest,
  type MillisecondRange,
  type SelectMergeMessage,
} from './querier-json';
import { seriesTotalsFromMessages } from './series-totals';

export interface PyroscopeSourceOptions {
  /**
   * Where the query API is: the server (`http://pyroscope:4040`), or Grafana's data-source proxy
   * for a Pyroscope data source (`https://grafana.example.com/api/datasources/proxy/uid/<uid>`,
   * or the same path relative to the page). `/querier.v1.QuerierService/<Method>` is appended.
   * Credentials in the URL (`https://user:token@host`) are sent as HTTP Basic authentication.
   */
  url: string;
  /** Default: `globalThis.fetch`, looked up at each request. */
  fetch?: ConnectFetch;
  /** Headers for every request (an `Authorization`, Grafana's `X-Grafana-Org-Id`...), or a function giving them. */
  headers?: ConnectHeaders;
  /** Sent as `X-Scope-OrgID`, the tenant of a multi-tenant server. */
  tenant?: string;
  /** Give up on a request after this long (also sent as `Connect-Timeout-Ms`). Default: never. */
  timeoutMs?: number;
  /** The clock for the default range of label queries (the last hour), in ms. Default `Date.now`. */
  now?: () => number;
}

const SERVICE = 'querier.v1.QuerierService';
const HOUR_MS = 3_600_000;
/** Pyroscope's agents send a profile every 15 s: shorter steps would be mostly empty. */
const MIN_STEP_NS = 15e9;
const DEFAULT_STEPS = 120;

/**
 * A {@link ProfileSource} that asks Grafana Pyroscope's query API, with the Connect protocol and
 * JSON (see querier-json.ts for the messages): `ProfileTypes`, `LabelNames`, `LabelValues`,
 * `SelectSeries`, `SelectMergeStacktraces`, `SelectMergeProfile` and `Diff` of
 * `querier.v1.QuerierService`. Only `fetch` is needed, so it runs in browsers, workers and Node.
 *
 * In a browser the page's origin must be allowed to call the server: call it through Grafana's
 * data-source proxy (same origin as Grafana), through the host's own proxy, or with CORS allowed
 * for the `Content-Type`, `Connect-Protocol-Version` and `X-Scope-OrgID` headers.
 *
 * Failures are `FlamekitError`s (`network-error` with the Connect code in the message and in
 * `cause.connectCode`); cancelling a call's signal rejects with the signal's `reason`.
 *
 * @throws FlamekitError `invalid-argument` for a blank or malformed `url`.
 */
export function createPyroscopeSource(options: PyroscopeSourceOptions): ProfileSource {
  const settings = connectSettings(options);
  const now = options.now ?? (() => Date.now());
  const call = (method: string, request: unknown, signal: AbortSignal | undefined) =>
    callConnect(settings, `${SERVICE}/${method}`, request, signal);
  const defaultRange = (range: TimeRange | undefined): MillisecondRange =>
    range ? toMilliseconds(range) : { startMs: now() - HOUR_MS, endMs: now() };

  return {
    async queryProfileTypes(query: SourceLabelQuery, signal?: AbortSignal) {
      const range = defaultRange(query.range);
      const matchers = matchersOf(query.matchers);
      let types: SourceProfileType[];
      if (matchers.length === 0) {
        const answer = await call('ProfileTypes', encodeProfileTypesRequest(range), signal);
        types = decodeProfileTypesResponse(answer).map((type) => parseProfileTypeId(type.id));
      } else {
        const request = encodeLabelValuesRequest(PROFILE_TYPE_LABEL, [selectorOf(matchers)], range);
        const answer = await call('LabelValues', request, signal);
        types = decodeNamesResponse(answer).map(parseProfileTypeId);
      }
      return types
        .filter((type) => query.profileType === undefined || type.id === query.profileType)
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    },

    async queryLabelNames(query: SourceLabelQuery, signal?: AbortSignal) {
      const request = encodeLabelNamesRequest(labelMatchersOf(query), defaultRange(query.range));
      return decodeNamesResponse(await call('LabelNames', request, signal)).sort();
    },

    async queryLabelValues(name: string, query: SourceLabelQuery, signal?: AbortSignal) {
      const request = encodeLabelValuesRequest(
        name,
        labelMatchersOf(query),
        defaultRange(query.range),
      );
      return decodeNamesResponse(await call('LabelValues', request, signal)).sort();
    },

    async queryTotals(query: SourceTotalsQuery, signal?: AbortSignal): Promise<SourceTotals> {
      const type = parseProfileTypeId(query.profileType);
      const range = checkRange(query.range);
      const stepMs = Math.max(
        1,
        Math.round(
          (query.stepNs ??
            Math.max(MIN_STEP_NS, niceStep((range.endNs - range.startNs) / DEFAULT_STEPS))) / 1e6,
        ),
      );
      const startMs = Math.floor(range.startNs / 1e6);
      const steps = Math.max(1, Math.ceil((range.endNs / 1e6 - startMs) / stepMs));
      const groupBy = groupByOf(query.groupBy);
      const aggregation = query.aggregation ?? defaultAggregation(type.sampleType);
      // One more than the limit, to learn whether groups were left out.
      const limit = query.limit === undefined ? undefined : Math.max(0, Math.floor(query.limit));
      const request = encodeSelectSeriesRequest({
        profileTypeId: type.id,
        labelSelector: selectorOf(matchersOf(query.matchers)),
        // The server's points stand for the step ending at their time: the first for
        // (start, start + step], so it is asked to start one step in.
        startMs: startMs + stepMs,
        endMs: startMs + steps * stepMs,
        groupBy,
        stepSeconds: stepMs / 1000,
        aggregation,
        ...(limit !== undefined && limit > 0 && { limit: limit + 1 }),
      });
      const series = decodeSelectSeriesResponse(await call('SelectSeries', request, signal));
      return seriesTotalsFromMessages(series, {
        startMs,
        stepMs,
        steps,
        groupBy,
        sampleType: type.sampleType,
        aggregation,
        limit,
      });
    },

    async queryMergedTree(query: SourceTreeQuery, signal?: AbortSignal): Promise<SourceProfile> {
      const type = parseProfileTypeId(query.profileType);
      const request = encodeSelectMergeStacktracesRequest(mergeMessage(query));
      const answer = await call('SelectMergeStacktraces', request, signal);
      const { profile, otherTotal } = profileFromFlameGraph(
        decodeSelectMergeStacktracesResponse(answer),
        type.sampleType,
        false,
        query.range,
      );
      return {
        profile,
        partial: profile.truncated,
        otherTotal,
        callSite: [...(query.callSite ?? [])],
      };
    },

    async queryMergedPprof(query: SourceTreeQuery, signal?: AbortSignal): Promise<SourceProfile> {
      parseProfileTypeId(query.profileType);
      const request = encodeSelectMergeProfileRequest(mergeMessage(query));
      const answer = await call('SelectMergeProfile', request, signal);
      const profile = importPprof(encodePprofFromJson(answer), { granularity: 'line' });
      const tree = profile.tree();
      let otherTotal = 0;
      for (let node = 1; node < tree.nodeCount; node++)
        if (tree.name(node) === OTHER_NODE_NAME) otherTotal += tree.total[node];
      profile.truncated ||= otherTotal !== 0;
      return {
        profile,
        partial: otherTotal !== 0,
        otherTotal,
        callSite: [...(query.callSite ?? [])],
      };
    },

    async queryDiff(query: SourceDiffQuery, signal?: AbortSignal): Promise<SourceDiff> {
      const type = parseProfileTypeId(query.comparison.profileType);
      parseProfileTypeId(query.baseline.profileType);
      const side = (part: SourceQuery) => mergeMessage({ ...part, maxNodes: query.maxNodes });
      const request = encodeDiffRequest(side(query.baseline), side(query.comparison));
      const answer = await call('Diff', request, signal);
      const { profile } = profileFromFlameGraph(
        decodeDiffResponse(answer),
        type.sampleType,
        true,
        query.comparison.range,
      );
      return { tree: profile.tree(1), partial: profile.truncated, sampleType: type.sampleType };
    },
  };

  function labelMatchersOf(query: SourceLabelQuery): string[] {
    const matchers = matchersOf(query.matchers);
    if (query.profileType !== undefined) {
      matchers.push({
        name: PROFILE_TYPE_LABEL,
        op: '=',
        value: parseProfileTypeId(query.profileType).id,
      });
    }
    return matchers.length === 0 ? [] : [selectorOf(matchers)];
  }
}

function mergeMessage(query: SourceTreeQuery): SelectMergeMessage {
  const range = toMilliseconds(checkRange(query.range));
  return {
    profileTypeId: parseProfileTypeId(query.profileType).id,
    labelSelector: selectorOf(matchersOf(query.matchers)),
    ...range,
    ...(query.maxNodes !== undefined && { maxNodes: checkMaxNodes(query.maxNodes) }),
    ...(query.callSite && { callSite: query.callSite }),
  };
}

function matchersOf(matchers: readonly LabelMatcher[] | string | undefined): LabelMatcher[] {
  if (matchers === undefined) return [];
  return typeof matchers === 'string' ? parseLabelSelector(matchers) : [...matchers];
}

function selectorOf(matchers: readonly LabelMatcher[]): string {
  return formatLabelSelector(matchers);
}

function groupByOf(groupBy: string | readonly string[] | undefined): string[] {
  if (groupBy === undefined) return [];
  return typeof groupBy === 'string' ? [groupBy] : [...groupBy];
}

/** Our ranges end before `endNs`; the server's include their end, a millisecond. */
function toMilliseconds(range: TimeRange): MillisecondRange {
  const startMs = Math.floor(range.startNs / 1e6);
  return { startMs, endMs: Math.max(startMs, Math.ceil(range.endNs / 1e6) - 1) };
}

function checkRange(range: TimeRange): TimeRange {
  if (
    typeof range !== 'object' ||
    range === null ||
    !Number.isFinite(range.startNs) ||
    !Number.isFinite(range.endNs) ||
    !(range.startNs < range.endNs)
  ) {
    throw new FlamekitError(
      'invalid-argument',
      `a query needs a range { startNs, endNs } of finite epoch nanoseconds with startNs < endNs; got ${JSON.stringify(range)}`,
    );
  }
  return range;
}

function checkMaxNodes(maxNodes: number): number {
  if (!(Number.isInteger(maxNodes) && maxNodes > 0)) {
    throw new FlamekitError(
      'invalid-argument',
      `maxNodes must be a whole number above 0, not ${maxNodes}`,
    );
  }
  return maxNodes;
}

/** The URL split into the base the procedures go under, and its credentials as headers. */
function connectSettings(options: PyroscopeSourceOptions): ConnectSettings {
  const text = typeof options.url === 'string' ? options.url.trim() : '';
  if (text === '') {
    throw new FlamekitError('invalid-argument', 'createPyroscopeSource needs a url');
  }
  const fixedHeaders: Record<string, string> = {
    'Content-Type': 'application/json',
    'Connect-Protocol-Version': '1',
  };
  const overrideHeaders: Record<string, string> = {};
  if (options.tenant !== undefined) overrideHeaders['X-Scope-OrgID'] = options.tenant;
  if (options.timeoutMs !== undefined) {
    if (!(options.timeoutMs > 0)) {
      throw new FlamekitError(
        'invalid-argument',
        `timeoutMs must be above 0, not ${options.timeoutMs}`,
      );
    }
    overrideHeaders['Connect-Timeout-Ms'] = String(Math.ceil(options.timeoutMs));
  }
  let base = text.replace(/[?#].*$/s, '').replace(/\/+$/, '');
  const credentials = /^([a-z][a-z0-9+.-]*:\/\/)([^@/]*)@/i.exec(base);
  if (credentials) {
    base = credentials[1] + base.slice(credentials[0].length);
    const [user, password = ''] = credentials[2].split(':').map(decodeUriPart);
    fixedHeaders.Authorization = `Basic ${encodeBase64(`${user}:${password}`)}`;
  }
  return {
    base,
    shown: base,
    fixedHeaders,
    overrideHeaders,
    ...(options.headers && { headers: options.headers }),
    ...(options.fetch && { fetch: options.fetch }),
    ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
  };
}

function decodeUriPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new FlamekitError(
      'invalid-argument',
      'the credentials in the url are not valid percent-encoding',
    );
  }
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 with padding of the UTF-8 bytes, as HTTP Basic authentication wants. */
function encodeBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const triple = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.ceil((Math.min(3, bytes.length - i) * 8) / 6);
    for (let k = 0; k < 4; k++) out += k < chars ? BASE64[(triple >> (18 - 6 * k)) & 63] : '=';
  }
  return out;
}
