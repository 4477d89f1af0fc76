// Styles the workflow screens need beyond the shell's theme: the LED canvas drawn pixel for pixel, upload progress,
// the emergency panel's red accent and big STOP, the striped exercise look, the programme timeline. Installed once
// as a constructed stylesheet: the CSP forbids inline <style>, and the CSSOM is allowed (core/dom.ts does the same).
const CSS = `
.wf-stack > * + * { margin-top: 1rem; }
.wf-row { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: flex-end; }
.wf-row > .field { flex: 1 1 10rem; min-width: 0; }
.wf-choice { display: flex; flex-wrap: wrap; gap: .25rem 1rem; border: 0; padding: 0; margin: 0 0 .75rem; }
.wf-choice legend { font-weight: 600; margin-bottom: .25rem; padding: 0; }
.wf-choice label { display: inline-flex; gap: .35rem; align-items: center; min-height: 2.75rem; }
.wf-problems { border-left: 4px solid #b42318; background: #fef3f2; padding: .5rem 1rem; }
.wf-problems li + li { margin-top: .25rem; }
.wf-progress { width: 100%; height: 1rem; }
.wf-audio { width: 100%; max-width: 32rem; }
.wf-led-stage { background: #111; padding: .5rem; border-radius: .25rem; overflow-x: auto; }
.wf-led-canvas { image-rendering: pixelated; image-rendering: crisp-edges; display: block; background: #000; }
.wf-led-thumbs { display: flex; flex-wrap: wrap; gap: .5rem; }
.wf-led-thumbs button { padding: .25rem; background: #222; border: 2px solid transparent; }
.wf-led-thumbs button[aria-pressed="true"] { border-color: #f5b700; }
.wf-slide { border: 1px solid #c8ccd2; border-radius: .25rem; padding: .75rem; }
.wf-tree, .wf-tree ul { list-style: none; margin: 0; padding-left: 1.25rem; }
.wf-tree { padding-left: 0; max-height: 22rem; overflow: auto; }
.wf-tree label { display: inline-flex; gap: .4rem; align-items: center; min-height: 2.5rem; }
.wf-tree .wf-included { color: #555; font-style: italic; }
.wf-diff { width: 100%; border-collapse: collapse; }
.wf-diff td, .wf-diff th { border-bottom: 1px solid #e2e4e8; padding: .35rem .5rem; vertical-align: top; text-align: left; }
.wf-diff del { background: #fde2e1; text-decoration: line-through; }
.wf-diff ins { background: #dcfae6; text-decoration: none; }
.wf-timeline { list-style: none; padding: 0; margin: 0; }
.wf-timeline li { border-left: 3px solid #98a2b3; padding: .25rem 0 .5rem .75rem; }
.wf-emergency { border: 3px solid #b42318; border-radius: .5rem; padding: 1rem; }
.wf-emergency h2 { color: #b42318; }
.wf-exercise-mode { border-color: #8a5a00; background: repeating-linear-gradient(135deg, #fff7e0 0 18px, #ffe9a8 18px 36px); }
.wf-exercise-mode h2 { color: #6b4500; }
.wf-stop { display: block; width: 100%; min-height: 6rem; font-size: 2.5rem; font-weight: 800; letter-spacing: .1em;
  color: #fff; background: #b42318; border: 4px solid #7a0f0a; border-radius: .75rem; cursor: pointer; }
.wf-stop:focus-visible { outline: 4px solid #000; outline-offset: 3px; }
.wf-stop:hover { background: #912018; }
.wf-counts { display: grid; grid-template-columns: repeat(auto-fit, minmax(7rem, 1fr)); gap: .5rem; }
.wf-count { border: 1px solid #d0d5dd; border-radius: .375rem; padding: .5rem; text-align: center; }
.wf-count strong { display: block; font-size: 2rem; line-height: 1.2; }
.wf-slots { list-style: none; padding: 0; margin: 0; }
.wf-slots li { display: grid; grid-template-columns: 6.5rem 1fr; gap: .25rem .75rem; padding: .5rem 0; border-bottom: 1px solid #e2e4e8; }
.wf-slots .wf-why { grid-column: 2; color: #475467; font-size: .9rem; }
.wf-order { list-style: none; padding: 0; margin: 0; }
.wf-order li { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; padding: .4rem 0; border-bottom: 1px solid #e2e4e8; }
.wf-order li > span { flex: 1 1 12rem; }
@media (max-width: 480px) {
  .wf-stop { font-size: 2rem; min-height: 5rem; }
  .wf-slots li { grid-template-columns: 1fr; }
  .wf-slots .wf-why { grid-column: 1; }
}
`;

let installed = false;

export function installWorkflowStyles(doc: Document = document): void {
  if (installed) return;
  installed = true;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
}
