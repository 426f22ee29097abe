/**
 * Firebreak's dashboards in a shape of their own, so that one definition renders for Grafana
 * (the compose stack) and for Perses (the native stack). Only what the dashboards use is here.
 */

/** Grafana's unit ids; the Perses renderer maps each to its own format. */
export type Unit = "s" | "percentunit" | "short" | "ops" | "reqps" | "bytes";

export interface Series {
  expr: string;
  legend: string;
}

/** Where a panel sits on the 24-column grid. */
export interface Placement {
  x: number;
  y: number;
  w: number;
  h: number;
}

interface PanelBase {
  title: string;
  description: string;
  /** Filled in by the dashboard as panels are added. */
  at: Placement;
}

export interface MetricPanel extends PanelBase {
  kind: "timeseries" | "stat";
  unit: Unit;
  series: Series[];
  /** Reference lines drawn on a timeseries, e.g. the page threshold of a burn rate. */
  thresholds?: { value: number; label: string }[];
  /** A stat's value coloured by band: `below` under the first step, then each step's colour from its value up. */
  valueColors?: { below: Color; steps: { value: number; color: Color }[] };
}

export type Color = "red" | "orange" | "green";

export interface LogsPanel extends PanelBase {
  kind: "logs";
  logql: string;
}

export interface TracesPanel extends PanelBase {
  kind: "traces";
  traceql: string;
  limit: number;
}

export type Panel = MetricPanel | LogsPanel | TracesPanel;

export interface DashboardSpec {
  title: string;
  uid: string;
  tags: string[];
  /** The jobs the job variable offers. */
  jobs: string[];
  refresh?: string;
  from?: string;
}

export const GRID_COLUMNS = 24;

/** A dashboard: its spec and its panels, placed left to right in rows as they are added. */
export class FirebreakDashboard {
  readonly panels: Panel[] = [];
  private x = 0;
  private y = 0;
  private rowHeight = 0;

  constructor(readonly spec: DashboardSpec) {}

  withPanel(panel: Panel): this {
    const { w, h } = panel.at;
    if (this.x + w > GRID_COLUMNS) {
      this.x = 0;
      this.y += this.rowHeight;
      this.rowHeight = 0;
    }
    this.panels.push({ ...panel, at: { x: this.x, y: this.y, w, h } });
    this.x += w;
    this.rowHeight = Math.max(this.rowHeight, h);
    return this;
  }

  get refresh(): string {
    return this.spec.refresh ?? "10s";
  }

  get from(): string {
    return this.spec.from ?? "now-1h";
  }
}
