export * from './requestInput';
