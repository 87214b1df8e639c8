export { DiagnosticsService, type DiagnosticsDeps } from './diagnostics-service';
