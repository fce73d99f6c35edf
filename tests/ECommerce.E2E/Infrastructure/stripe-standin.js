// A stand-in for Stripe.js v3, served by StripeJsStandIn.cs in place of https://js.stripe.com/v3/.
// It offers only the public API the checkout page uses:
//   Stripe(publishableKey).elements({ clientSecret }).create('payment').mount(selectorOrElement)
//   stripe.confirmPayment({ elements, confirmParams: { return_url } })
// The Payment Element is a plain labelled input ("Test card number") instead of Stripe's iframe.
(() => {
  const harness = new URL(document.currentScript.src).origin;
  const decliningCard = '4000000000000002';
  let mounted = 0;

  function createPaymentElement(elements) {
    const handlers = {};
    const element = {
      mount(target) {
        const host = typeof target === 'string' ? document.querySelector(target) : target;
        if (!host) {
          throw new Error(`Stripe stand-in: mount() found no element for ${target}.`);
        }
        const id = `stripe-standin-card-${++mounted}`;
        const form = document.createElement('div');
        form.className = 'stripe-standin-payment-element';
        const label = document.createElement('label');
        label.htmlFor = id;
        label.textContent = 'Test card number';
        const input = document.createElement('input');
        Object.assign(input, { id, type: 'text', inputMode: 'numeric', autocomplete: 'cc-number' });
        form.append(label, input);
        host.replaceChildren(form);
        elements.input = input;
        setTimeout(() => (handlers.ready || []).forEach((handler) => handler({ elementType: 'payment' })));
        return element;
      },
      on(event, handler) {
        (handlers[event] ||= []).push(handler);
        return element;
      },
      unmount() {
        elements.input?.closest('.stripe-standin-payment-element')?.remove();
        elements.input = null;
      },
      destroy() {
        element.unmount();
      },
    };
    return element;
  }

  window.Stripe = function Stripe(publishableKey) {
    if (!publishableKey) {
      throw new Error('Please call Stripe() with your publishable key. You used an empty string.');
    }
    return {
      elements({ clientSecret } = {}) {
        if (!clientSecret) {
          throw new Error('Stripe stand-in: elements() needs the clientSecret of a PaymentIntent.');
        }
        const elements = { clientSecret, input: null };
        elements.create = (type) => {
          if (type !== 'payment') {
            throw new Error(`Stripe stand-in: only the 'payment' element exists here, not '${type}'.`);
          }
          return createPaymentElement(elements);
        };
        return elements;
      },

      async confirmPayment({ elements, confirmParams } = {}) {
        if (!elements?.input) {
          throw new Error('Stripe stand-in: confirmPayment() needs the elements of a mounted Payment Element.');
        }
        if (!confirmParams?.return_url) {
          throw new Error('Stripe stand-in: confirmPayment() needs confirmParams.return_url.');
        }
        const card = elements.input.value.replace(/\s+/g, '');
        if (card === decliningCard) {
          return { error: { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' } };
        }
        if (!/^\d{16}$/.test(card)) {
          return { error: { type: 'validation_error', code: 'incomplete_number', message: 'Your card number is incomplete.' } };
        }
        // text/plain keeps the cross-origin call free of a CORS preflight.
        const response = await fetch(`${harness}/confirm`, { method: 'POST', body: elements.clientSecret });
        const answer = await response.json();
        if (!response.ok) {
          return { error: answer.error };
        }
        const target = new URL(confirmParams.return_url, window.location.href);
        target.searchParams.set('payment_intent', answer.id);
        target.searchParams.set('payment_intent_client_secret', elements.clientSecret);
        target.searchParams.set('redirect_status', 'succeeded');
        window.location.assign(target.href);
        // Like Stripe.js on a redirect: the promise never settles, the page goes away.
        return new Promise(() => {});
      },
    };
  };
})();
