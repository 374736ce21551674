/**
 * The page's two message areas: one for failures (`role="alert"`, read out at once) and one for
 * outcomes (`role="status"`, read out when the reader is idle). Text only.
 */
export class Notices {
  constructor(
    private readonly alert: HTMLElement,
    private readonly status: HTMLElement,
  ) {}

  error(text: string): void {
    this.status.textContent = "";
    this.alert.textContent = text;
  }

  success(text: string): void {
    this.alert.textContent = "";
    this.status.textContent = text;
  }

  clear(): void {
    this.alert.textContent = "";
    this.status.textContent = "";
  }
}
