import {
  funnelStages,
  type AssociationDashboard,
  type EventDashboard,
  type EventSummary,
  type FunnelCounts,
  type FunnelRow,
  type MeetingCounts,
} from "../../dashboard/dashboard.types.js";
import type { DataTable, TableCell } from "../../shared/tabular-export.js";
import { eventKindOf } from "../../events/events.types.js";
import { eventStatusLabel, meetingStatusLabel, sentenceWords, sideWords } from "../events/events.view-models.js";
import { inPageLanguage } from "../i18n/stored-names.js";
import { translate, translateText, type Lang } from "../i18n/translate.js";

/**
 * The dashboard as tables: every panel is one DataTable, which the page shows as a <table>, the
 * chart draws (from the same table, embedded as JSON) and the .csv / .xlsx links export.
 */

export type ChartKind = "line" | "bar" | "funnel" | "pie";

export interface Panel {
  /** The export file's name: /dashboard/<id>.csv */
  id: string;
  title: string;
  table: DataTable;
  chart: ChartKind | null;
  /** A link for the first cell of each row (the events list), or null. */
  rowLinks?: (string | null)[];
}

/** Rates are shown and exported as percentages with one decimal, so the page and the files agree. */
export function percent(rate: number | null): number | null {
  return rate === null ? null : Math.round(rate * 1000) / 10;
}

const stageLabels = (lang: Lang) => funnelStages.map((stage) => translate(lang, `dashboard.stage.${stage}`));

function funnelTable(lang: Lang, name: string, total: FunnelCounts): DataTable {
  return {
    name,
    columns: [
      translate(lang, "dashboard.col.stage"),
      translate(lang, "dashboard.col.needs"),
      translate(lang, "dashboard.col.shareOfPosted"),
    ],
    rows: funnelStages.map((stage, i) => [
      stageLabels(lang)[i]!,
      total[stage],
      total.posted === 0 ? null : percent(total[stage] / total.posted),
    ]),
  };
}

function breakdownTable(
  lang: Lang,
  name: string,
  groupColumn: string,
  rows: FunnelRow[],
  label: (row: FunnelRow) => string,
): DataTable {
  return {
    name,
    columns: [groupColumn, ...stageLabels(lang)],
    rows: rows.map((row) => [label(row), ...funnelStages.map((stage) => row.counts[stage])]),
  };
}

const none = (lang: Lang) => translate(lang, "dashboard.none");

function funnelPanels(lang: Lang, funnel: AssociationDashboard["funnel"], withMonths: boolean): Panel[] {
  const t = (key: Parameters<typeof translate>[1]) => translate(lang, key);
  const panels: Panel[] = [
    {
      id: "funnel",
      title: t("dashboard.panel.funnel"),
      chart: "funnel",
      table: funnelTable(lang, t("dashboard.panel.funnel"), funnel.total),
    },
    {
      id: "funnel-by-track",
      title: t("dashboard.panel.byTrack"),
      chart: "bar",
      table: breakdownTable(
        lang,
        t("dashboard.panel.byTrack"),
        t("dashboard.col.track"),
        funnel.byTrack,
        (r) => inPageLanguage(lang, r.label, r.labelEn) || none(lang),
      ),
    },
    {
      id: "funnel-by-region",
      title: t("dashboard.panel.byRegion"),
      chart: "bar",
      table: breakdownTable(lang, t("dashboard.panel.byRegion"), t("dashboard.col.region"), funnel.byRegion, (r) =>
        translateText(lang, `dashboard.region.${r.key}`),
      ),
    },
    {
      id: "funnel-by-society",
      title: t("dashboard.panel.bySociety"),
      chart: "bar",
      table: breakdownTable(
        lang,
        t("dashboard.panel.bySociety"),
        t("dashboard.col.society"),
        funnel.bySociety,
        (r) => r.label || none(lang),
      ),
    },
  ];
  if (withMonths) {
    panels.push({
      id: "funnel-by-month",
      title: t("dashboard.panel.byMonth"),
      chart: "bar",
      table: breakdownTable(lang, t("dashboard.panel.byMonth"), t("dashboard.col.month"), funnel.byMonth, (r) => r.key),
    });
  }
  return panels;
}

function meetingColumns(lang: Lang): string[] {
  return [
    translate(lang, "dashboard.metric.meetingsHeld"),
    translate(lang, "dashboard.metric.noShows"),
    translate(lang, "dashboard.metric.noShowRate"),
    translate(lang, "dashboard.metric.intentions"),
    translate(lang, "dashboard.metric.contracts"),
    translate(lang, "dashboard.metric.contractValue"),
  ];
}

function meetingCells(m: MeetingCounts): TableCell[] {
  return [m.held, m.noShows, percent(m.noShowRate), m.intentions, m.contracts, m.contractValueYuan];
}

/** The calendar day of an instant in China time (UTC+8). */
export const chinaDay = (at: Date) => new Date(at.getTime() + 8 * 60 * 60 * 1000).toISOString().slice(0, 10);

function eventsTable(lang: Lang, events: EventSummary[]): DataTable {
  return {
    name: translate(lang, "dashboard.panel.events"),
    columns: [
      translate(lang, "dashboard.col.event"),
      translate(lang, "dashboard.col.track"),
      translate(lang, "dashboard.col.status"),
      translate(lang, "dashboard.col.date"),
      translate(lang, "dashboard.col.needs"),
      translate(lang, "dashboard.col.experts"),
      ...meetingColumns(lang),
    ],
    rows: events.map((e) => [
      e.title,
      inPageLanguage(lang, e.trackName, e.trackNameEn) || none(lang),
      eventStatusLabel(lang, e.status),
      chinaDay(e.startsAt),
      e.needs,
      e.experts,
      ...meetingCells(e.meetings),
    ]),
  };
}

/** Metrics by name; `words` fills the names that mention the two sides of an event ({need}, {expert}). */
function metricsTable(
  lang: Lang,
  name: string,
  metrics: [string, TableCell][],
  words: Record<string, string> = {},
): DataTable {
  return {
    name,
    columns: [translate(lang, "dashboard.col.metric"), translate(lang, "dashboard.col.value")],
    rows: metrics.map(([key, value]) => [translateText(lang, `dashboard.metric.${key}`, words), value]),
  };
}

export function associationPanels(lang: Lang, dashboard: AssociationDashboard): Panel[] {
  const c = dashboard.counts;
  const t = (key: Parameters<typeof translate>[1]) => translate(lang, key);
  return [
    {
      id: "counts",
      title: t("dashboard.panel.counts"),
      chart: null,
      table: metricsTable(lang, t("dashboard.panel.counts"), [
        ["needsPosted", c.needsPosted],
        ["needsOpen", c.needsOpen],
        ["needsInProgress", c.needsInProgress],
        ["needsSolved", c.needsSolved],
        ["experts", c.experts],
        ["technologies", c.technologies],
        ["invitationsSent", c.invitationsSent],
        ["invitationsAccepted", c.invitationsAccepted],
        ["eventsHeld", c.eventsHeld],
        ["meetingsHeld", c.held],
        ["noShows", c.noShows],
        ["noShowRate", percent(c.noShowRate)],
        ["intentions", c.intentions],
        ["contracts", c.contracts],
        ["contractValue", c.contractValueYuan],
        ["salonsHeld", c.salonsHeld],
        ["salonAttendance", c.salonAttendance],
        ["salonQuestions", c.salonQuestions],
      ]),
    },
    {
      id: "trend",
      title: t("dashboard.panel.trend"),
      chart: "line",
      table: {
        name: t("dashboard.panel.trend"),
        columns: [
          t("dashboard.col.month"),
          t("dashboard.metric.needsPosted"),
          t("dashboard.metric.invitationsSent"),
          t("dashboard.metric.meetingsHeld"),
          t("dashboard.metric.contracts"),
          t("dashboard.metric.salonsHeld"),
        ],
        rows: dashboard.trend.map((m) => [
          m.month,
          m.needsPosted,
          m.invitationsSent,
          m.meetingsHeld,
          m.contracts,
          m.salonsHeld,
        ]),
      },
    },
    ...funnelPanels(lang, dashboard.funnel, true),
    {
      id: "events",
      title: t("dashboard.panel.events"),
      chart: null,
      table: eventsTable(lang, dashboard.events),
      rowLinks: dashboard.events.map((e) => `/dashboard/events/${e.id}`),
    },
  ];
}

export function eventPanels(lang: Lang, dashboard: EventDashboard): Panel[] {
  const t = (key: Parameters<typeof translate>[1]) => translate(lang, key);
  const m = dashboard.event.meetings;
  // A review panel's sides are nominations and reviewers, a fair's needs and experts.
  const kind = eventKindOf(dashboard.event.kind);
  const sides = sideWords(lang, kind);
  return [
    {
      id: "counts",
      title: t("dashboard.panel.counts"),
      chart: null,
      table: metricsTable(
        lang,
        t("dashboard.panel.counts"),
        [
          ["registeredNeeds", dashboard.participants.needs],
          ["registeredExperts", dashboard.participants.experts],
          ["checkedIn", dashboard.participants.checkedIn],
          ["participantNoShows", dashboard.participants.noShows],
          ["meetingsScheduled", dashboard.meetingsScheduled],
          ["meetingsHeld", m.held],
          ["noShows", m.noShows],
          ["noShowRate", percent(m.noShowRate)],
          ["intentions", m.intentions],
          ["contracts", m.contracts],
          ["contractValue", m.contractValueYuan],
        ],
        sentenceWords(lang, kind),
      ),
    },
    ...funnelPanels(lang, dashboard.funnel, false),
    {
      id: "outcomes",
      title: t("dashboard.panel.outcomes"),
      chart: "pie",
      table: {
        name: t("dashboard.panel.outcomes"),
        columns: [t("dashboard.col.outcome"), t("dashboard.col.meetings")],
        rows: (["contract", "intention", "follow_up", "no_interest", "none"] as const).map((result) => [
          translate(lang, `dashboard.outcome.${result}`),
          dashboard.outcomes[result],
        ]),
      },
    },
    {
      id: "meetings",
      title: t("dashboard.panel.meetings"),
      chart: null,
      table: {
        name: t("dashboard.panel.meetings"),
        columns: [
          t("dashboard.col.slot"),
          t("dashboard.col.table"),
          sides.need,
          sides.enterprise,
          sides.expert,
          t("dashboard.col.region"),
          t("dashboard.col.status"),
          t("dashboard.col.outcome"),
          t("dashboard.metric.contractValue"),
        ],
        rows: dashboard.meetings.map((line) => [
          line.slot === null ? null : line.slot + 1,
          line.tableNo === null ? null : line.tableNo + 1,
          line.needTitle,
          line.enterprise,
          line.expertName,
          translateText(lang, `dashboard.region.${line.expertRegion}`),
          meetingStatusLabel(lang, line.status),
          translate(lang, `dashboard.outcome.${line.outcome ?? "none"}`),
          line.contractValueYuan,
        ]),
      },
    },
  ];
}

export interface PanelView {
  id: string;
  title: string;
  chartJson: string | null;
  /** Tables of more than three columns go under their chart, full width, rather than beside it. */
  wide: boolean;
  columns: readonly string[];
  rows: { cells: { text: string; numeric: boolean; href: string | null }[] }[];
  csvHref: string;
  xlsxHref: string;
}

/**
 * Figures as people read them off a screen or a projector: 13,900,000 yuan, not 13900000
 * (Chinese writes the same thousands separators). Exports and charts keep the plain numbers.
 */
const groupedNumber = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });

/**
 * Whether a table has anything to draw: some number that is not 0. A chart of nothing but zeros
 * says something false (ECharts shares a pie of zeros out in equal slices, a funnel of zeros gets
 * full-width bands); its table says "0" plainly.
 */
const hasFigures = (table: DataTable) =>
  table.rows.some((row) => row.some((cell) => typeof cell === "number" && cell !== 0));

/** A panel as the page shows it; `exportBase` is "/dashboard" or "/dashboard/events/7". */
export function presentPanel(panel: Panel, exportBase: string): PanelView {
  return {
    id: panel.id,
    title: panel.title,
    // Drawn by views/assets/dashboard.js from exactly the rows of the table below it.
    chartJson:
      panel.chart && hasFigures(panel.table)
        ? JSON.stringify({ kind: panel.chart, columns: panel.table.columns, rows: panel.table.rows })
        : null,
    wide: panel.table.columns.length > 3,
    columns: panel.table.columns,
    rows: panel.table.rows.map((row, r) => ({
      cells: row.map((cell, i) => ({
        text: cell === null ? "—" : typeof cell === "number" ? groupedNumber.format(cell) : cell,
        numeric: typeof cell === "number",
        href: i === 0 ? (panel.rowLinks?.[r] ?? null) : null,
      })),
    })),
    csvHref: `${exportBase}/${panel.id}.csv`,
    xlsxHref: `${exportBase}/${panel.id}.xlsx`,
  };
}
