// The simulator page: sends what the person types (or says) to /simulator/turn and shows
// the skill's reply. The server is stateless, so this page carries the session attributes.
// Everything shown goes through textContent: nothing typed is ever parsed as HTML.
"use strict";

const state = { attributes: null, ended: true, busy: false, locale: "en-US" };
const $ = (id) => document.getElementById(id);

function addLine(kind, text) {
  const item = document.createElement("li");
  item.className = kind;
  item.textContent = text;
  $("transcript").appendChild(item);
  item.scrollIntoView({ block: "nearest" });
  return item;
}

function setStatus(text) {
  $("status").textContent = text;
  $("status").classList.toggle("problem", text !== "" && text !== "…");
}

function speak(text) {
  // Fire and forget: headless browsers may never report the end of speech.
  if (!$("voice").checked || !("speechSynthesis" in window) || !text) return;
  try {
    window.speechSynthesis.cancel();
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = state.locale;
    window.speechSynthesis.speak(utterance);
  } catch (error) {
    /* speech is a bonus, never a requirement */
  }
}

function showCard(turn) {
  // A reply without a card leaves the last card in place: the result's card is what a
  // person wants to read, and the replies after it (help, "thanks") have none.
  if (!turn.card) {
    if (!$("card").hidden) $("card-note").textContent = "From an earlier reply (the latest had none).";
    return;
  }
  const title = document.createElement("h3");
  title.textContent = turn.card.title;
  const body = document.createElement("div");
  body.textContent = turn.card.text;
  $("card").replaceChildren(title, body);
  $("card").hidden = false;
  $("card-note").textContent = "From the latest reply.";
}

function showDetails(data) {
  const turn = data.turn;
  $("intent").textContent = turn.intent || "LaunchRequest";
  $("slots").textContent = JSON.stringify(turn.slots, null, 2);
  showCard(turn);
  const none = "(none: the text session, as other assistants use it; tick Alexa envelopes)";
  $("raw-request").textContent = data.request ? JSON.stringify(data.request, null, 2) : none;
  $("raw-response").textContent = data.response ? JSON.stringify(data.response, null, 2) : none;
}

// One turn: null opens a new session. Resolves to true when the skill answered.
async function send(text) {
  if (state.busy) return false;
  state.busy = true;
  setStatus("…");
  try {
    let reply;
    try {
      reply = await fetch("/simulator/turn", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          text, attributes: state.attributes, locale: state.locale,
          via: $("envelopes").checked ? "alexa" : "text",
        }),
      });
    } catch (error) {
      setStatus("Could not reach the simulator's server: is `python -m skill serve` running?");
      return false;
    }
    let data;
    try {
      data = await reply.json();
    } catch (error) {
      data = { error: reply.status + " " + reply.statusText };
    }
    if (!reply.ok) {
      setStatus("The simulator refused this: " + (data.error || reply.statusText));
      return false;
    }
    state.attributes = data.attributes;
    state.ended = data.turn.end_session;
    const line = addLine("alexa", data.turn.speech || "(no speech)");
    line.dataset.intent = data.turn.intent || "";
    if (state.ended) {
      line.classList.add("ended");
      addLine("notice", "The session has ended. Type anything to start a new one.");
    }
    showDetails(data);
    speak(data.turn.speech);
    setStatus("");
    return true;
  } finally {
    state.busy = false;
    $("say").focus();
  }
}

function newSession(clear) {
  state.attributes = null;
  state.ended = true;
  if (clear) {
    $("transcript").replaceChildren();
  } else if ($("transcript").children.length) {
    addLine("divider", "New session (" + state.locale + ")");
  }
  return send(null);
}

async function setUpLocales() {
  const select = $("locale");
  const asked = new URLSearchParams(window.location.search).get("locale");
  let locales = ["en-US"];
  let fallback = "en-US";
  try {
    const reply = await fetch("/simulator/locales");
    const data = await reply.json();
    locales = data.locales;
    fallback = data.default;
  } catch (error) {
    /* the first turn will say what is wrong */
  }
  // A ?locale= the skill does not support is still tried, so the page shows the skill's
  // own message listing the supported ones.
  const shown = asked && !locales.includes(asked) ? locales.concat([asked]) : locales;
  select.replaceChildren(...shown.map((locale) => {
    const option = document.createElement("option");
    option.value = locale;
    option.textContent = locale;
    return option;
  }));
  state.locale = asked || fallback;
  select.value = state.locale;
  select.addEventListener("change", () => {
    state.locale = select.value;
    newSession(true);
  });
}

function setUpSpeechInput() {
  const button = $("speak");
  const note = $("speak-note");
  const Recognition = window.SpeechRecognition || window.webkitSpeechRecognition;
  if (!Recognition) {
    note.textContent = "Speak is unavailable: this browser has no speech recognition "
      + "(Chrome, Edge and Safari have it). Type instead.";
    return;
  }
  if (!window.isSecureContext) {
    note.textContent = "Speak is unavailable: browsers allow the microphone only on https "
      + "or on localhost / 127.0.0.1. Open the simulator there, or type instead.";
    return;
  }
  button.disabled = false;
  const reasons = {
    "not-allowed": "the microphone is blocked for this page (see the address bar).",
    "service-not-allowed": "the browser does not allow speech recognition here.",
    "audio-capture": "no microphone was found.",
    "network": "the browser's speech service could not be reached.",
    "no-speech": "nothing was heard. Press Speak and try again.",
    "language-not-supported": "the browser cannot recognise this language.",
  };
  button.addEventListener("click", () => {
    const recognition = new Recognition();
    recognition.lang = state.locale;
    recognition.onresult = (event) => {
      $("say").value = event.results[0][0].transcript;
      $("say-form").requestSubmit();
    };
    recognition.onerror = (event) => {
      note.textContent = "Speak did not work: " + (reasons[event.error] || event.error)
        + " You can always type.";
    };
    recognition.onstart = () => { note.textContent = "Listening…"; };
    recognition.onend = () => {
      if (note.textContent === "Listening…") note.textContent = "";
    };
    recognition.start();
  });
}

document.addEventListener("DOMContentLoaded", async () => {
  $("say-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = $("say").value.trim();
    if (!text || state.busy) return;  // keep what was typed while a reply is on its way
    $("say").value = "";
    // After the end, what is typed opens a new session (with its welcome) and is then said.
    if (state.ended && !(await newSession(false))) return;
    addLine("you", text);
    await send(text);
  });
  $("start-over").addEventListener("click", () => newSession(true));
  setUpSpeechInput();
  await setUpLocales();
  newSession(true);
});
