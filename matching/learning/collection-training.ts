import { ChannelSet } from "../engine/channel-set.js";
import type { ExpertProfile } from "../engine/types.js";
import type { PlainBm25Channel } from "../lexical/plain-channel.js";
import { mergeBags } from "../lexical/term-dictionary.js";
import type { EvidenceCorpus } from "../scoring/evidence-corpus.js";
import type { MatchingWeights } from "../scoring/weights.data.js";
import { DualEncoder, type EncoderPair } from "./dual-encoder.js";
import { fitFeatureVariant, fitFusion, type FusionExample, type FusionWeights } from "./fusion.js";
import { shuffleInPlace } from "./seeded-random.js";
import { selfSupervisedSplit, type HeldOutRecords } from "./self-supervision.js";

export interface TrainingProgress {
  phase: "splitting" | "training" | "fitting";
  done: number;
  total: number;
}

export interface CollectionTrainingOptions {
  weights: MatchingWeights;
  random: () => number;
  recenciesOf: (corpus: EvidenceCorpus) => Float32Array;
  onProgress?: (progress: TrainingProgress) => void;
}

/** What training measured, for logs, benchmarks and docs/matching.md. */
export interface TrainingReport {
  validationNeeds: number;
  trainingPairs: number;
  /** Validation MRR@10 of the plain BM25 channel alone, and of the fitted fusion. */
  floorMrr: number;
  fittedMrr: number;
  /** True when the collection had too few multi-record experts and defaults were used. */
  usedDefaults: boolean;
  seconds: { split: number; encoder: number; fit: number };
}

export interface CollectionTraining {
  fusion: FusionWeights;
  /** Length normalisation of the `plainWeakNorm` channel, chosen with the fusion. */
  weakNormB: number;
  encoder: DualEncoder | null;
  report: TrainingReport;
}

/**
 * Learns from the collection it serves: holds out one record of a sample of multi-record
 * experts (self-supervised validation needs), trains the dual encoder on the other experts'
 * records, then fits the fusion weights on the validation needs with every channel built
 * without the held-out records. Falls back on the default fusion when there is too little to
 * learn from.
 */
export function trainOnCollection(
  experts: readonly ExpertProfile[],
  corpus: EvidenceCorpus,
  plain: PlainBm25Channel,
  phrase: PlainBm25Channel,
  options: CollectionTrainingOptions,
): CollectionTraining {
  const w = options.weights;
  const clock = () => performance.now();
  let started = clock();
  options.onProgress?.({ phase: "splitting", done: 0, total: 1 });
  const split = selfSupervisedSplit(experts, {
    validationSize: w.validationNeeds,
    sparseFillSize: w.sparseValidationNeeds,
    random: options.random,
  });
  const excluded = heldOutTest(split.heldOut);
  const maskedCorpus = corpus.without(excluded, split.revised);
  const maskedPlain = plain.without(excluded, split.revised);
  const maskedPhrase = phrase.without(excluded, split.revised);
  const splitSeconds = (clock() - started) / 1000;

  started = clock();
  if (split.validation.length < w.minValidationNeeds) {
    return {
      fusion: defaultFusion(w),
      weakNormB: w.weakNormB,
      encoder: null,
      report: {
        validationNeeds: split.validation.length,
        trainingPairs: 0,
        floorMrr: 0,
        fittedMrr: 0,
        usedDefaults: true,
        seconds: { split: splitSeconds, encoder: 0, fit: 0 },
      },
    };
  }
  const pairs = encoderPairs(maskedPlain, w.encoderMaxPairs, options.random);
  const encoderOptions = (epochs: number, budgetMs: number) => ({
    dim: w.encoderDims,
    epochs,
    batchSize: 128,
    learningRate: w.encoderLearningRate,
    scale: 20,
    maxTrainingTerms: 200,
    timeBudgetMs: budgetMs,
    random: options.random,
    onProgress: (done: number, total: number) => options.onProgress?.({ phase: "training", done, total }),
  });
  const budgetMs = w.encoderTimeBudgetSeconds * 1000;
  // A first epoch, then the fusion fitted with it: a collection where the learned channel earns
  // no weight even then (nssfc-dev: project titles that BM25 already matches) skips the other
  // epochs. Otherwise training goes on to the full epochs, which gives exactly the encoder a
  // single run would, and the fusion is fitted again with it.
  const probeEpochs = Math.min(1, w.encoderEpochs);
  const encoder =
    w.encoderDims > 0 && pairs.length >= w.minEncoderPairs
      ? DualEncoder.train(
          pairs,
          maskedPlain.dictionary,
          {
            documentFrequency: (t) => maskedPlain.recordIndex.documentFrequency(t),
            documentCount: maskedPlain.recordIndex.documentCount,
          },
          encoderOptions(probeEpochs, budgetMs),
        )
      : null;
  let encoderSeconds = (clock() - started) / 1000;

  let fitStarted = clock();
  let fitSeconds = 0;
  const seconds = () => ({
    split: splitSeconds,
    encoder: encoderSeconds,
    fit: fitSeconds + (clock() - fitStarted) / 1000,
  });
  const recencies = options.recenciesOf(maskedCorpus);
  const fitOptions = { minGain: w.fusionMinGain, rounds: 3, floors: { engine: w.engineFloor } };
  const otherNormalisations = w.weakNormBChoices.filter((b) => b !== w.weakNormB);
  const fitWith = (model: DualEncoder | null, denseSearch: boolean) => {
    const channels = new ChannelSet(maskedCorpus, maskedPlain, maskedPhrase, model, w, recencies, w.weakNormB);
    const normalisations = otherNormalisations.map((b) => ({ parameter: b, columns: [] as Float32Array[] }));
    const examples: FusionExample[] = split.validation.map((query, i) => {
      options.onProgress?.({ phase: "fitting", done: i, total: split.validation.length });
      const found = channels.candidates(query.need, w.fusionDepth, { denseSearch });
      for (const variant of normalisations) {
        variant.columns.push(channels.weakNormFeature(found.plainQuery, found.experts, variant.parameter));
      }
      const relevant = new Set(query.relevant);
      return { features: found.features, relevant: Uint8Array.from(found.experts, (e) => (relevant.has(e) ? 1 : 0)) };
    });
    return { examples, normalisations, fit: fitFusion(examples, fitOptions) };
  };
  // The probe scores the other channels' candidates in the learned space but does not search it
  // for candidates of its own (the scan over every expert): where the channel earns no weight
  // even so, it is dropped, and serving gathers candidates as this fit did, from the other
  // channels (less the few that only their closeness in the learned space admitted here).
  let { examples, normalisations, fit } = fitWith(encoder, false);
  if (encoder && fit.weights.dense > 0) {
    fitSeconds += (clock() - fitStarted) / 1000;
    const more = clock();
    if (w.encoderEpochs > probeEpochs) {
      encoder.trainMore(
        pairs,
        encoderOptions(w.encoderEpochs - probeEpochs, Math.max(0, budgetMs - encoderSeconds * 1000)),
      );
    }
    encoderSeconds += (clock() - more) / 1000;
    fitStarted = clock();
    ({ examples, normalisations, fit } = fitWith(encoder, true));
  }
  // The weakly normalised channel's b is fitted too: how much a long profile says about its
  // expert differs between collections (chinaxiv-dev's few prolific authors, acl-dev's many).
  const normalisation = fitFeatureVariant(examples, fit, "plainWeakNorm", normalisations, fitOptions);
  fit = normalisation.fit;
  return {
    fusion: fit.weights,
    weakNormB: normalisation.parameter ?? w.weakNormB,
    encoder: fit.weights.dense > 0 ? encoder : null,
    report: {
      validationNeeds: examples.length,
      trainingPairs: pairs.length,
      floorMrr: fit.floorMrr,
      fittedMrr: fit.fittedMrr,
      usedDefaults: false,
      seconds: seconds(),
    },
  };
}

/** The fusion used where a collection is too small to fit one. */
export function defaultFusion(w: MatchingWeights): FusionWeights {
  return {
    plainProfile: 1,
    plainRecord: 0.2,
    engine: Math.max(1, w.engineFloor),
    dense: 0,
    prior: 0,
    phrase: 0,
    plainWeakNorm: 0,
  };
}

function heldOutTest(heldOut: HeldOutRecords): (expert: number, record: number) => boolean {
  return (expert, record) => heldOut.get(expert)?.has(record) ?? false;
}

/**
 * Each record of an expert with two or more records in `plain`, paired with the rest of that
 * expert's profile; at most `limit`, sampled with the seeded randomness. Built on the channel
 * without the held-out records, no pair holds one: a validation expert trains only on the
 * records they keep, as every expert of a deployed collection does.
 */
export function encoderPairs(plain: PlainBm25Channel, limit: number, random: () => number): EncoderPair[] {
  const sources: [number, number][] = [];
  for (let expert = 0; expert < plain.expertCount; expert++) {
    const records = plain.records[expert]!;
    const usable = records.flatMap((bag, index) => (bag.length > 0 ? [index] : []));
    if (usable.length < 2) continue;
    for (const record of usable) sources.push([expert, record]);
  }
  if (sources.length > limit) {
    shuffleInPlace(sources, random);
    sources.length = limit;
  }
  return sources.map(([expert, record]) => {
    const records = plain.records[expert]!;
    return {
      query: records[record]!,
      target: mergeBags([...records.filter((_, index) => index !== record), plain.about[expert]!]),
    };
  });
}
