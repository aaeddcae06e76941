// A product page: its buttons report what the user did through checklist.track(); "Hide"
// destroys the checklist's component and "Show" brings it back with the stored progress.
import { Component, computed, signal } from "@angular/core";
import type { Checklist, ChecklistConfig, ChecklistEvent, MountOptions } from "firstvalue/inline";
import acme from "../../../acme.config.json";
import { OnboardingComponent } from "./onboarding.component";

@Component({
  selector: "acme-root",
  imports: [OnboardingComponent],
  template: `
    <main>
      <h1>Acme, in Angular</h1>
      <p>
        <button (click)="track('datasource_connected')">Connect a data source</button>
        <button (click)="track('chart_saved')">Save a chart</button>
        <button (click)="track('dashboard_shared')">Share a dashboard</button>
        <button id="toggle" (click)="shown.set(!shown())">{{ shown() ? "Hide" : "Show" }} the checklist</button>
      </p>
      <p role="status">{{ status() }}</p>
      @if (shown()) {
        <acme-onboarding [config]="config" [options]="options" (ready)="checklist = $event" />
      }
      <ol aria-label="Event log">
        @for (e of log(); track $index) { <li>{{ e.type }}</li> }
      </ol>
    </main>
  `,
})
export class AppComponent {
  readonly config = acme as ChecklistConfig;
  readonly log = signal<ChecklistEvent[]>([]);
  readonly shown = signal(true);
  checklist: Checklist | null = null;
  readonly options: MountOptions = {
    user: { id: "angular_user", traits: { plan: "team", seats: 5 } },
    onEvent: (e) => this.log.update((l) => [...l, e]),
  };
  readonly status = computed(() => {
    const first = this.log().find((e) => e.type === "first_value");
    return first?.type === "first_value" ? `First value in ${Math.round(first.ttfvMs / 1000)} s` : "";
  });

  track(name: string) {
    this.checklist?.track(name);
  }
}
