// The "Footnote reference" button of the body's paragraphs (articles/footnote_editor.py).
//
// The notes are written in the Notes panel under the body. The button opens a dialog listing
// them, numbered as the panel orders them; the note picked is referenced after the selection,
// stored as <a linktype="footnote" id="KEY">*</a>. A note gets its key the first time it is
// picked. In the editor a reference shows the note's number in the panel; on the page, notes
// are numbered by the order of their first reference instead.
(() => {
  const React = window.React;
  const { EditorState, Modifier } = window.DraftJS;

  const input = (form, name) => form.querySelector(`[name$="-${name}"]`);

  // The notes in the panel as the editor has them: not deleted, in the panel's order.
  const notesInPanel = () =>
    [...document.querySelectorAll('[name^="footnotes-"][name$="-key"]')]
      .filter((key) => !key.name.includes("__prefix__"))
      .map((key) => key.closest("[data-inline-panel-child], [id^='inline_child_footnotes']"))
      .filter((form) => form && input(form, "DELETE")?.value !== "1")
      .sort((a, b) => Number(input(a, "ORDER")?.value) - Number(input(b, "ORDER")?.value))
      .map((form, index) => ({
        number: index + 1,
        keyInput: input(form, "key"),
        preview: preview(input(form, "text")?.value || ""),
      }));

  const preview = (stored) => {
    try {
      const text = JSON.parse(stored).blocks.map((block) => block.text).join(" ");
      return text.length > 80 ? `${text.slice(0, 79)}…` : text || "(empty note)";
    } catch {
      return "(empty note)";
    }
  };

  const newKey = () =>
    [...crypto.getRandomValues(new Uint8Array(4))]
      .map((byte) => byte.toString(16).padStart(2, "0"))
      .join("");

  // A modal dialog to pick a note; calls back with the note, or null when closed.
  const pickNote = (notes, done) => {
    const dialog = document.createElement("dialog");
    dialog.className = "footnote-picker";
    dialog.setAttribute("aria-labelledby", "footnote-picker-title");
    const title = document.createElement("h2");
    title.id = "footnote-picker-title";
    title.textContent = notes.length ? "Insert a reference to a note" : "No notes yet";
    dialog.append(title);
    if (!notes.length) {
      const help = document.createElement("p");
      help.textContent = "Write the note first, under Notes below the body, then reference it here.";
      dialog.append(help);
    }
    const list = document.createElement("ol");
    let picked = null;
    notes.forEach((note) => {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "button button-secondary";
      button.textContent = `Note ${note.number}: ${note.preview}`;
      button.addEventListener("click", () => {
        picked = note;
        dialog.close();
      });
      item.append(button);
      list.append(item);
    });
    const cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "button button-secondary";
    cancel.textContent = "Cancel";
    cancel.addEventListener("click", () => dialog.close());
    dialog.append(list, cancel);
    dialog.addEventListener("close", () => {
      dialog.remove();
      done(picked);
    });
    document.body.append(dialog);
    dialog.showModal();
  };

  class FootnoteSource extends React.Component {
    componentDidMount() {
      const { editorState, entityType, onComplete, onClose } = this.props;
      pickNote(notesInPanel(), (note) => {
        if (!note) {
          onClose();
          return;
        }
        if (!note.keyInput.value) note.keyInput.value = newKey();
        const content = editorState
          .getCurrentContent()
          .createEntity(entityType.type, "IMMUTABLE", { key: note.keyInput.value });
        const entityKey = content.getLastCreatedEntityKey();
        const selection = editorState.getSelection();
        const end = selection.merge({
          anchorKey: selection.getEndKey(),
          anchorOffset: selection.getEndOffset(),
          focusKey: selection.getEndKey(),
          focusOffset: selection.getEndOffset(),
          isBackward: false,
        });
        const withReference = Modifier.insertText(content, end, "*", null, entityKey);
        onComplete(EditorState.push(editorState, withReference, "insert-characters"));
      });
    }

    render() {
      return null;
    }
  }

  const FootnoteReference = ({ contentState, entityKey, children }) => {
    const { key } = contentState.getEntity(entityKey).getData();
    const note = notesInPanel().find((candidate) => candidate.keyInput.value === key);
    return React.createElement(
      "sup",
      {
        className: "footnote-ref",
        "data-number": note ? note.number : "?",
        title: note ? `Note ${note.number}: ${note.preview}` : "No such note: delete this reference",
      },
      children,
    );
  };

  window.draftail.registerPlugin(
    { type: "FOOTNOTE", source: FootnoteSource, decorator: FootnoteReference },
    "entityTypes",
  );
})();
