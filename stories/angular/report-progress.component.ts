import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { ReportService } from './report.service.js';

/** Starts the 2024 sales report when shown, and shows its status and progress until it ends or the component goes. */
@Component({
  selector: 'app-report-progress',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2>Sales report {{ year }}</h2>
    <p class="status">
      {{ progress().status }}
      @if (progress().percent !== undefined) {
        {{ progress().percent }}%
      }
    </p>
    <progress max="100" [value]="progress().percent ?? 0"></progress>
    @if (progress().message; as message) {
      <p class="error" role="alert">{{ message }}</p>
    }
  `,
})
export class ReportProgressComponent {
  protected readonly year = 2024;
  protected readonly progress = inject(ReportService).track(this.year);
}
