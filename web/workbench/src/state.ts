// What the pages share: the dataset in use, the choices made on each page and the last
// answers, so that switching page or language redraws without asking the services again.
import type { Dataset, Problem } from "./dataset";
import type { FieldViolation } from "./api";

export interface IndicatorChoice {
  column: string;
  use: boolean;
  direction: "DIRECTION_POSITIVE" | "DIRECTION_NEGATIVE";
  dimension: string;
}

export interface Document {
  format?: string;
  fileName: string;
  mediaType: string;
  content?: string;
  binaryContent?: string; // base64 (protobuf JSON bytes)
}

export interface StudyResult {
  documents: Document[];
}

export interface ServiceCheck {
  ok: boolean;
  message: string;
  violations: FieldViolation[];
}

export const state = {
  dataset: null as Dataset | null,
  problems: [] as Problem[],
  serviceCheck: null as ServiceCheck | null,
  indicators: [] as IndicatorChoice[],
  index: { method: "WEIGHTING_METHOD_ENTROPY", pooling: "POOLING_POOLED", hierarchy: "HIERARCHY_FLAT" },
  indexResult: null as null | Record<string, unknown>,
  model: {
    dependent: "", regressors: [] as string[], fixedEffects: "FIXED_EFFECTS_TWO_WAY",
    variance: "VARIANCE_TYPE_CLUSTER",
  },
  modelResult: null as null | Record<string, unknown>,
  study: {
    title: "", explanatory: "", outcome: "", controls: [] as string[], mediators: [] as string[],
    groupBy: "", robustness: [] as string[], replications: 199, permutations: 199,
    language: "", formats: ["FORMAT_HTML", "FORMAT_MARKDOWN", "FORMAT_LATEX", "FORMAT_CSV", "FORMAT_JSON", "FORMAT_XLSX"],
  },
  progress: null as null | { completed: number; total: number; step: string; message: string },
  studyResult: null as StudyResult | null,
  error: new Map<string, string>(), // page -> last error text
};

export function resetForDataset(d: Dataset, problems: Problem[]): void {
  state.dataset = d;
  state.problems = problems;
  state.serviceCheck = null;
  state.indicators = [];
  state.indexResult = null;
  state.modelResult = null;
  state.studyResult = null;
  state.progress = null;
  state.model.dependent = "";
  state.model.regressors = [];
  state.study.explanatory = "";
  state.study.outcome = "";
  state.study.controls = [];
  state.study.mediators = [];
  state.study.groupBy = "";
}
