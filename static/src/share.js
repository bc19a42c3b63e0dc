// "Share your invite" and "Copy link" for a carer's invite. Without JavaScript the link is
// there to select and copy by hand; with it, the phone's share sheet opens where the browser
// has one (navigator.share), and the link can be copied to the clipboard with one tap.

function canShare(data) {
  if (typeof navigator.share !== "function") return false;
  try {
    return typeof navigator.canShare !== "function" || navigator.canShare(data);
  } catch {
    return false;
  }
}

export function initShare(root) {
  const url = root.dataset.shareUrl;
  const data = { title: root.dataset.shareTitle, text: root.dataset.shareText, url };
  const field = root.querySelector(".app-share__link");
  const shareButton = root.querySelector(".app-share__share");
  const copyButton = root.querySelector(".app-share__copy");
  const status = root.querySelector(".app-share__status");
  const say = (message) => {
    // Cleared first, so the same words said twice are announced twice.
    status.textContent = "";
    window.setTimeout(() => { status.textContent = message; }, 50);
  };
  const selectLink = () => {
    field.focus();
    field.select();
  };

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      say("Link copied. You can paste it into a message.");
    } catch {
      selectLink();
      say("Your browser would not let us copy the link. It is selected above: copy it from there.");
    }
  };

  if (canShare(data)) {
    shareButton.hidden = false;
    shareButton.addEventListener("click", async () => {
      try {
        await navigator.share(data);
      } catch (error) {
        // AbortError: the person closed the share sheet. Nothing went wrong.
        if (error && error.name !== "AbortError") await copy();
      }
    });
  }
  if (navigator.clipboard && typeof navigator.clipboard.writeText === "function") {
    copyButton.hidden = false;
    copyButton.addEventListener("click", copy);
  }
  // A tap on the link selects all of it, which is what anyone tapping it wants.
  field.addEventListener("focus", () => field.select());
}
