// The profile form: the slug follows the name as it is typed (宋子恺 → song-zikai), until
// the slug is edited by hand or the profile already has one. The transliteration is the
// server's (profiles/slugs.py), asked of the admin's "slug-for" address.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const name = document.getElementById("id_name");
  const slug = document.getElementById("id_slug");
  if (!name || !slug || !slug.dataset.slugUrl) return;
  let automatic = slug.value === "";
  slug.addEventListener("input", () => { automatic = slug.value === ""; });
  const endpoint = new URL(slug.dataset.slugUrl, window.location.href);
  let timer = null;
  let asked = 0;
  name.addEventListener("input", () => {
    if (!automatic) return;
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const ticket = ++asked;
      endpoint.search = new URLSearchParams({ name: name.value }).toString();
      const response = await fetch(endpoint, { credentials: "same-origin" });
      if (!response.ok || ticket !== asked || !automatic) return;
      slug.value = (await response.json()).slug;
      slug.dispatchEvent(new Event("change"));
    }, 150);
  });
});
