// The payment step's side of Stripe.js, imported by Components/Orders/PaymentStep.razor.
// Only Stripe.js's public API: Stripe(key), stripe.elements({ clientSecret }), elements.create('payment'),
// element.mount(node) and stripe.confirmPayment({ elements, confirmParams: { return_url } }).

const loading = new Map();
const mounted = new WeakMap();

// Stripe.js must come from its own address as a classic script (it reads document.currentScript), never
// through import(); a page that already has window.Stripe (a test stand-in, an earlier page) uses it.
function loadStripe(url) {
  if (window.Stripe) {
    return Promise.resolve(window.Stripe);
  }
  if (!loading.has(url)) {
    loading.set(url, new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = url;
      script.onload = () => (window.Stripe ? resolve(window.Stripe) : reject(new Error(`${url} did not define Stripe.`)));
      script.onerror = () => {
        loading.delete(url);
        script.remove();
        reject(new Error(`Stripe.js could not be loaded from ${url}.`));
      };
      document.head.appendChild(script);
    }));
  }
  return loading.get(url);
}

export async function mount(node, jsUrl, publishableKey, clientSecret) {
  const Stripe = await loadStripe(jsUrl);
  const stripe = Stripe(publishableKey);
  const elements = stripe.elements({ clientSecret });
  elements.create('payment').mount(node);
  mounted.set(node, { stripe, elements });
}

// Resolves with the message to show when the payment did not go through; on success Stripe
// navigates to returnUrl and this never resolves.
export async function confirm(node, returnUrl) {
  const payment = mounted.get(node);
  if (!payment) {
    return 'The payment form is not ready yet; please try again in a moment.';
  }
  const { error } = await payment.stripe.confirmPayment({ elements: payment.elements, confirmParams: { return_url: returnUrl } });
  return error ? (error.message || 'The payment did not go through. Please try again.') : null;
}
