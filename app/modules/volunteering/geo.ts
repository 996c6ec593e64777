/** Great-circle distance for the place check of a shift (pure; browser-safe). */
const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Haversine distance in metres between two WGS-84 points. */
export function haversineMeters(a: { lat: number; lon: number }, b: { lat: number; lon: number }) {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Whether a reported position is inside the shift's circle. The browser's accuracy is given the
 * benefit of the doubt (distance − accuracy ≤ radius), but never more than the radius itself, so a
 * position claiming to be accurate to 10 km cannot pass anywhere.
 */
export function placeCheck(place: { latitude: number; longitude: number; radiusMeters: number }, pos: { lat: number; lon: number; accuracy: number }) {
  const distance = haversineMeters({ lat: place.latitude, lon: place.longitude }, pos);
  const credit = Math.min(Math.max(0, pos.accuracy), place.radiusMeters);
  return { distanceM: Math.round(distance), within: distance - credit <= place.radiusMeters };
}
