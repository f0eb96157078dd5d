// The dashboard's main navigation, marking the section the current page belongs to.
import { href } from "../routes";

const sections = [
  { path: "/agents", label: "Agents" },
  { path: "/memory", label: "Memory" },
  { path: "/dreams", label: "Dreams" },
  { path: "/webhooks", label: "Webhooks" },
  { path: "/vaults", label: "Vaults" },
];

export function Nav(props: { currentPath: string; onSignOut: () => void }) {
  return (
    <nav aria-label="Main">
      <a class="brand" href={href("/agents")}>
        Lucid
      </a>
      <ul>
        {sections.map((section) => (
          <li key={section.path}>
            <a href={href(section.path)} aria-current={props.currentPath.startsWith(section.path) ? "page" : undefined}>
              {section.label}
            </a>
          </li>
        ))}
      </ul>
      <button type="button" class="secondary" onClick={props.onSignOut}>
        Sign out
      </button>
    </nav>
  );
}
