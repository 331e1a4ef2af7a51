// The live character count under a field (articles.forms.CharCountMixin renders it): the
// length as the form will check it (leading and trailing whitespace dropped, a line break
// as the CRLF a browser sends, an emoji as one character) against the field's limit.
window.wagtail.app.register(
  "char-count",
  class extends window.StimulusModule.Controller {
    static classes = ["over"];
    static targets = ["input", "output"];
    static values = { max: Number, text: String, overText: String };

    connect() {
      this.update();
    }

    update() {
      const text = this.inputTarget.value.trim().replace(/\r\n|\r|\n/g, "\r\n");
      const count = [...text].length;
      const over = count - this.maxValue;
      const template = over > 0 ? this.overTextValue : this.textValue;
      this.outputTarget.textContent = template
        .replace("{count}", count)
        .replace("{max}", this.maxValue)
        .replace("{over}", over);
      if (this.hasOverClass) {
        this.outputTarget.classList.toggle(this.overClass, over > 0);
      }
    }
  },
);
