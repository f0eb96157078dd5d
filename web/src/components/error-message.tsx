// Shows an API or network error the way a person can act on it: status, error type and the server's message.
import { describeError } from "../describe-error";

export function ErrorMessage(props: { error: unknown; context?: string }) {
  if (props.error === undefined || props.error === null) return null;
  return (
    <p class="error" role="alert">
      {props.context ? `${props.context}: ` : ""}
      {describeError(props.error)}
    </p>
  );
}
