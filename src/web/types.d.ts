
/** A trait value a segment can match on. */
export type TraitValue = string | number | boolean | null;

/** One `match` condition: a value, any of several values, or operators that must all hold. */
export type Condition =
  | TraitValue
  | TraitValue[]
  | { gte?: number | string; gt?: number | string; lte?: number | string; lt?: number | string; in?: TraitValue[]; exists?: boolean };

/** A step's action: a link (`href`, http(s) or relative) or a button reporting `event`. */
export type StepAction = { label: string; href: string; event?: never } | { label: string; event: string; href?: never };

/** A completion rule: an event name (tracked once), or an object of one kind. Inside
 *  `all`/`any`, each part counts once it has happened, in any order. */
export type Rule =
  | string
  | {
      event: string;
      /** How many times (1 to 100), counted across reloads and tabs. Default 1. */
      count?: number;
      /** ISO 8601 duration: the `count` events must fall within one window this long. Needs `count`. */
      within?: string;
      /** Conditions on the event's properties (`track(name, properties)`), all must hold. */
      where?: Record<string, Condition | undefined>;
    }
  /** The user is on a page whose path matches: `*` is one path part, `**` any number. */
  | { page: string }
  /** The user clicks an element of the host page matching this CSS selector. */
  | { click: string }
  | { all: Rule[] }
  | { any: Rule[] };

/** One onboarding step. */
export interface StepConfig {
  /** Unique, `[a-z0-9_-]+`. */
  id: string;
  title: string;
  description?: string;
  /** Rules that complete the step, any one. Absent: the user checks it off. */
  completeOn?: Rule[];
  action?: StepAction;
  /** Steps that must be done (or skipped) first. */
  requires?: string[];
  skippable?: boolean;
  /** Shown (and counted) only when these trait conditions hold; `account.<trait>`
   *  reads `options.account.traits`. */
  showIf?: Record<string, Condition | undefined>;
  /** `"account"`: done for every member of `options.account` once anyone does it; `"user"`
   *  (the default): the user's own. Any other string is refused at run time (typed wider so
   *  that a config imported from a `.json` file, where TypeScript widens the literal to
   *  `string`, type-checks without a cast). */
  scope?: "user" | "account" | (string & {});
}

/** A customer segment. */
export interface SegmentConfig {
  id: string;
  /** All conditions must hold. Absent: matches everyone. (`undefined` is allowed for the
   *  keys TypeScript adds when it types an array of segments imported from JSON.) */
  match?: Record<string, Condition | undefined>;
  /** Step ids in display order. */
  steps: string[];
  /** `{ steps }`: when they are all done; a rule object: when it holds. Absent: every
   *  non-skippable step done. */
  firstValue?: { steps: string[] } | Exclude<Rule, string>;
  /** ISO 8601 duration: "P14D", "PT30M", "P1DT12H". */
  ttfvGoal?: string;
  /** A dismissed checklist comes back after this long while first value is not reached. */
  reshowAfter?: string;
  /** No step completed for this long (first value not reached): `checklist_stalled`. */
  stalledAfter?: string;
  /** A fraction of `ttfvGoal` (0.5) or a shorter duration: `goal_at_risk`, once. */
  atRisk?: number | string;
  /** Offered in the panel when the checklist is stalled, at risk or late. */
  help?: { title: string; description?: string; action?: StepAction };
  /** When the help offer shows. Default: all three. */
  showHelpOn?: ("stalled" | "at_risk" | "missed" | (string & {}))[];
}

/** Labels the widget writes itself; `{done}` and `{total}` are filled in. */
export interface TextConfig {
  progress?: string;
  launcher?: string;
  minimize?: string;
  dismiss?: string;
  skip?: string;
  requires?: string;
  skipped?: string;
  stepDone?: string;
  firstValue?: string;
  completed?: string;
  /** The snooze control. Default: "Remind me later". */
  snooze?: string;
}

/** A firstvalue config (see firstvalue.schema.json). */
export interface ChecklistConfig {
  $schema?: string;
  /** Always 1 (checked at run time; typed as a number so that a config imported from a
   *  `.json` file, where TypeScript widens `1` to `number`, type-checks without a cast). */
  version: number;
  id: string;
  title: string;
  steps: StepConfig[];
  segments?: SegmentConfig[];
  text?: TextConfig;
  /** What "Remind me later" offers: one ISO 8601 duration is a button, several a menu.
   *  Default ["P1D"]; [] hides the control. */
  snoozeOptions?: string[];
}

/** A host storage adapter; either function may return a Promise. */
export interface StorageAdapter {
  load(key: string): string | null | undefined | Promise<string | null | undefined>;
  save(key: string, value: string): void | Promise<unknown>;
}

/** Fields every event carries. */
export interface EventBase {
  checklistId: string;
  segment: string;
  userId: string;
  /** Epoch ms. */
  at: number;
}

export interface ChecklistStartedEvent extends EventBase { type: "checklist_started"; startedAt: number }
export interface ChecklistShownEvent extends EventBase { type: "checklist_shown" }
export interface StepCompletedEvent extends EventBase {
  type: "step_completed";
  stepId: string;
  /** `click`: its checkbox; `click_target`: a `click` rule; `page`: a `page` rule. */
  source: "click" | "event" | "api" | "page" | "click_target";
  elapsedMs: number;
  /** For `event`, `page` and `click_target`: the index of the `completeOn` entry that held. */
  rule?: number;
}
export interface StepSkippedEvent extends EventBase { type: "step_skipped"; stepId: string }
/** `stepId` is null and `help` true for the help offer's action. */
export interface ActionClickedEvent extends EventBase { type: "action_clicked"; stepId: string | null; help?: true; href?: string; event?: string }
export interface FirstValueEvent extends EventBase {
  type: "first_value";
  startedAt: number;
  reachedAt: number;
  ttfvMs: number;
  /** null when the segment has no goal. */
  goalMs: number | null;
  withinGoal: boolean | null;
}
export interface GoalMissedEvent extends EventBase { type: "goal_missed"; goalMs: number; elapsedMs: number }
export interface ChecklistCompletedEvent extends EventBase { type: "checklist_completed"; durationMs: number }
export interface ChecklistDismissedEvent extends EventBase { type: "checklist_dismissed" }
export interface ChecklistSnoozedEvent extends EventBase { type: "checklist_snoozed"; until: number }
export interface ChecklistReshownEvent extends EventBase { type: "checklist_reshown" }
export interface ChecklistStalledEvent extends EventBase { type: "checklist_stalled"; idleMs: number; openSteps: number }
export interface GoalAtRiskEvent extends EventBase { type: "goal_at_risk"; goalMs: number; elapsedMs: number; openSteps: number }

/** Every event firstvalue reports. */
export type ChecklistEvent =
  | ChecklistStartedEvent
  | ChecklistShownEvent
  | StepCompletedEvent
  | StepSkippedEvent
  | ActionClickedEvent
  | FirstValueEvent
  | GoalMissedEvent
  | ChecklistCompletedEvent
  | ChecklistDismissedEvent
  | ChecklistSnoozedEvent
  | ChecklistReshownEvent
  | ChecklistStalledEvent
  | GoalAtRiskEvent;

/** What `onError` receives. */
export interface FirstValueFault {
  code:
    | "storage_unavailable"
    | "storage_read_failed"
    | "storage_write_failed"
    | "storage_corrupt"
    | "storage_pruned"
    | "storage_newer"
    | "callback_failed"
    | "host_error"
    | "invalid_argument"
    | "clock_skew"
    | "lock_timeout";
  message: string;
}

/** The third argument of `mount()`. */
export interface MountOptions {
  user?: { id: string; traits?: Record<string, unknown> };
  /** The user's account: `"scope": "account"` steps are shared by its members (under
   *  its own storage key), and `match`/`showIf` read its traits as `account.<trait>`. */
  account?: { id: string; traits?: Record<string, unknown> };
  /** Force a segment id instead of matching traits. */
  segment?: string;
  /** When the TTFV clock started: epoch ms, an ISO 8601 string or a Date. */
  startedAt?: number | string | Date;
  storage?: "local" | "session" | "memory" | StorageAdapter;
  onEvent?(event: ChecklistEvent): void;
  onStepCompleted?(event: StepCompletedEvent): void;
  onFirstValue?(event: FirstValueEvent): void;
  onComplete?(event: ChecklistCompletedEvent): void;
  onGoalMissed?(event: GoalMissedEvent): void;
  onStalled?(event: ChecklistStalledEvent): void;
  onGoalAtRisk?(event: GoalAtRiskEvent): void;
  onError?(error: FirstValueFault): void;
}

/** `hidden`: the step's `showIf` does not hold for this user; it is not shown or counted. */
export type StepStatus = "open" | "locked" | "done" | "skipped" | "hidden";

/** What `Checklist.state()` returns (after `destroy()`, the last state). Times are epoch
 *  ms; absent ones are null. For a user whose traits match no segment, `segment` and
 *  `startedAt` are null and `steps` is empty. */
export interface ChecklistState {
  checklistId: string;
  userId: string;
  segment: string | null;
  startedAt: number | null;
  firstValueAt: number | null;
  ttfvMs: number | null;
  goalMs: number | null;
  goalMissedAt: number | null;
  completedAt: number | null;
  dismissed: boolean;
  minimized: boolean;
  done: number;
  total: number;
  percent: number;
  steps: { id: string; status: StepStatus; completedAt: number | null }[];
}

/** The kind of a problem: stable, so hosts can handle errors by code (the README's
 *  "Error codes" says what each means). */
export type ProblemCode =
  | "invalid_json"
  | "wrong_type"
  | "unreadable"
  | "unknown_key"
  | "missing_key"
  | "one_of"
  | "empty"
  | "invisible_text"
  | "too_long"
  | "too_many"
  | "out_of_range"
  | "invalid_value"
  | "invalid_id"
  | "duplicate_id"
  | "duplicate"
  | "unsupported_version"
  | "invalid_duration"
  | "unsafe_href"
  | "invalid_page"
  | "invalid_selector"
  | "rule_kind"
  | "invalid_match"
  | "unknown_step"
  | "self_requirement"
  | "requires_cycle"
  | "unreachable_requirement"
  | "not_in_segment"
  | "no_required_step"
  | "unknown_segment"
  | "target_not_found"
  | "target_unavailable"
  | "no_dom"
  | "unsupported_browser"
  | "unknown_step_id"
  | "not_skippable"
  | "no_goal"
  | "unreachable_segment"
  | "no_fallback_segment"
  | "first_value_hidden"
  | "first_value_skippable"
  | "unused_step"
  | "never_shown"
  | "unknown_placeholder";

/** One problem in a config or options, with its JSON path and its code. */
export interface Problem { path: string; code: ProblemCode; message: string }

/** What `validateConfig()` returns. */
export interface ValidationResult { ok: boolean; errors: Problem[]; warnings: Problem[] }

/** The Error `mount()` throws for an invalid config or options. */
export interface ConfigError extends Error { errors: Problem[]; code?: ProblemCode }

declare global {
  interface ElementEventMap {
    "firstvalue:checklist_started": CustomEvent<ChecklistStartedEvent>;
    "firstvalue:checklist_shown": CustomEvent<ChecklistShownEvent>;
    "firstvalue:step_completed": CustomEvent<StepCompletedEvent>;
    "firstvalue:step_skipped": CustomEvent<StepSkippedEvent>;
    "firstvalue:action_clicked": CustomEvent<ActionClickedEvent>;
    "firstvalue:first_value": CustomEvent<FirstValueEvent>;
    "firstvalue:goal_missed": CustomEvent<GoalMissedEvent>;
    "firstvalue:checklist_completed": CustomEvent<ChecklistCompletedEvent>;
    "firstvalue:checklist_dismissed": CustomEvent<ChecklistDismissedEvent>;
    "firstvalue:checklist_snoozed": CustomEvent<ChecklistSnoozedEvent>;
    "firstvalue:checklist_reshown": CustomEvent<ChecklistReshownEvent>;
    "firstvalue:checklist_stalled": CustomEvent<ChecklistStalledEvent>;
    "firstvalue:goal_at_risk": CustomEvent<GoalAtRiskEvent>;
  }
}
