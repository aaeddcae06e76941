// The checklist in an Angular standalone component: mounted in ngAfterViewInit (the element
// exists then), destroyed in ngOnDestroy; the mount is skipped if the component was destroyed
// before init() resolved (a fast route change). firstvalue/inline: Angular's application
// builder (esbuild) emits no asset for the default entry's wasm URL.
import { AfterViewInit, Component, ElementRef, OnDestroy, input, output, viewChild } from "@angular/core";
import init, { mount, type Checklist, type ChecklistConfig, type MountOptions } from "firstvalue/inline";

@Component({
  selector: "acme-onboarding",
  template: `<div #target class="onboarding"></div>`,
})
export class OnboardingComponent implements AfterViewInit, OnDestroy {
  readonly config = input.required<ChecklistConfig>();
  readonly options = input.required<MountOptions>();
  readonly ready = output<Checklist | null>();
  private readonly target = viewChild.required<ElementRef<HTMLElement>>("target");
  private checklist: Checklist | null = null;
  private gone = false;

  async ngAfterViewInit() {
    await init();
    if (this.gone) return;
    this.checklist = mount(this.target().nativeElement, this.config(), this.options());
    this.ready.emit(this.checklist);
  }

  ngOnDestroy() {
    this.gone = true;
    this.checklist?.destroy();
    this.checklist = null;
    this.ready.emit(null);
  }
}
