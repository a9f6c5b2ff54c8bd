// hello-as: reads {"target"}, logs one line and submits OK "hello from <target>".
import { CheckResult, Metric, log, params } from "@warden/sdk/assembly/index";

export function run_check(): void {
  const target = params().getString("target", "world");
  log.info("hello-as: checking " + target);
  CheckResult.ok("hello from " + target)
    .metric(new Metric("target_length", target.length).unit("chars"))
    .label("target", target)
    .submit();
}
