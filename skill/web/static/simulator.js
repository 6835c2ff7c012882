// The simulator page: sends what the person types (or says) to /simulator/turn and shows
// the skill's reply. The server is stateless, so this page carries the session attributes.
// Everything shown goes through textContent: nothing typed is ever parsed as HTML.
"use strict";

const state = { attributes: null, ended: true, busy: false };
const $ = (id) => document.getElementById(id);

function addLine(kind, text) {
  const item = document.createElement("li");
  item.className = kind;
  item.textContent = text;
  $("transcript").appendChild(item);
  item.scrollIntoView({ block: "nearest" });
  return item;
}

function speak(text) {
  // Fire and forget: headless browsers may never report the end of speech.
  if (!$("voice").checked || !("speechSynthesis" in window) || !text) return;
  try {
    window.speechSynthesis.cancel();
    window.speechSynthesis.speak(new SpeechSynthesisUtterance(text));
  } catch (error) {
    /* speech is a bonus, never a requirement */
  }
}

function showDetails(data) {
  const turn = data.turn;
  $("intent").textContent = turn.intent || "LaunchRequest";
  $("slots").textContent = JSON.stringify(turn.slots, null, 2);
  const card = $("card");
  card.replaceChildren();
  if (turn.card) {
    const title = document.createElement("h3");
    title.textContent = turn.card.title;
    const body = document.createElement("div");
    body.textContent = turn.card.text;
    card.append(title, body);
  } else {
    const none = document.createElement("p");
    none.className = "muted";
    none.textContent = "No card in this reply.";
    card.append(none);
  }
  $("raw-request").textContent = JSON.stringify(data.request, null, 2);
  $("raw-response").textContent = JSON.stringify(data.response, null, 2);
}

async function send(text) {
  if (state.busy) return;
  state.busy = true;
  $("status").textContent = "…";
  try {
    const reply = await fetch("/simulator/turn", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text, attributes: state.attributes, locale: "en-US" }),
    });
    const data = await reply.json();
    if (!reply.ok) throw new Error(data.error || reply.statusText);
    state.attributes = data.attributes;
    state.ended = data.turn.end_session;
    const line = addLine("alexa", data.turn.speech || "(no speech)");
    line.dataset.intent = data.turn.intent || "";
    if (state.ended) {
      line.classList.add("ended");
      addLine("alexa ended", "(The session has ended. Type anything, or press Start over, to open it again.)");
    }
    showDetails(data);
    speak(data.turn.speech);
    $("status").textContent = "";
  } catch (error) {
    $("status").textContent = "Could not reach the skill: " + error.message;
  } finally {
    state.busy = false;
    $("say").focus();
  }
}

function startOver() {
  $("transcript").replaceChildren();
  state.attributes = null;
  send(null);
}

function setUpSpeechInput() {
  const Recognition = window.SpeechRecognition || window.webkitSpeechRecognition;
  if (!Recognition) return;
  const button = $("speak");
  button.hidden = false;
  button.addEventListener("click", () => {
    const recognition = new Recognition();
    recognition.lang = "en-US";
    recognition.onresult = (event) => {
      $("say").value = event.results[0][0].transcript;
      $("say-form").requestSubmit();
    };
    recognition.start();
  });
}

document.addEventListener("DOMContentLoaded", () => {
  $("say-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = $("say").value.trim();
    if (!text) return;
    $("say").value = "";
    if (state.ended) {
      $("transcript").replaceChildren();
      state.attributes = null;
      await send(null);
    }
    addLine("you", text);
    await send(text);
  });
  $("start-over").addEventListener("click", startOver);
  setUpSpeechInput();
  send(null);
});
